# The scenario, consumer side: the consumer's account in ap-southeast-2, once per environment, each
# with its own state (production.s3.tfbackend / uat.s3.tfbackend) and its own endpoints to the
# provider's one endpoint service in us-east-1 (cross-region PrivateLink, service_region). Nothing
# here refers to the other environment, so neither apply nor destroy can touch it.
# For comparison, the same feed over the internet: a target address (internet_target) such as the
# provider's stunnel server or NLB TLS listener, probed with TLS; it needs a NAT gateway in the
# consumer VPC (internet_egress), which this root does not make.

terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.83, < 7"
    }
  }
  # terraform init -reconfigure -backend-config=production.s3.tfbackend (or uat.s3.tfbackend)
  backend "s3" {}
}

# the consumer account of this environment: a named profile, or a role to assume
provider "aws" {
  region  = var.region
  profile = var.aws_profile

  dynamic "assume_role" {
    for_each = var.assume_role_arn == "" ? [] : [var.assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = { application = "pathwatch", side = "consumer", environment = var.environment }
  }
}

data "aws_partition" "current" {}

locals {
  name = "pathwatch-${var.environment}-apse2"
  # known at plan time, so the plan shows the task role's policy whole
  alerts_topic_arn = "arn:${data.aws_partition.current.partition}:sns:${var.region}:${var.account_id}:${local.name}-alerts"
}

# Not encrypted with a customer key: CloudWatch alarms and the prober would each need grants on it.
resource "aws_sns_topic" "alerts" {
  name = "${local.name}-alerts"

  lifecycle {
    postcondition {
      condition     = self.arn == local.alerts_topic_arn
      error_message = "The topic is not where account_id and region say: set account_id to the account the credentials lead to."
    }
  }
}

module "consumer" {
  source                   = "../../../modules/consumer"
  name                     = local.name
  account_id               = var.account_id
  vpc_id                   = var.vpc_id
  subnet_ids               = var.subnet_ids
  endpoint_services        = var.endpoint_services
  extra_paths              = var.internet_target == "" ? {} : { "internet" = { target = var.internet_target, via = "internet", destination = "feed", tls = var.internet_tls } }
  image                    = var.image
  auth_secret_arn          = var.auth_secret_arn
  previous_auth_secret_arn = var.previous_auth_secret_arn
  api_token_secret_arn     = var.api_token_secret_arn
  kms_key_arn              = var.kms_key_arn
  sns_topic_arn            = local.alerts_topic_arn
  operator_cidr_blocks     = var.operator_cidr_blocks
  state_on_efs             = var.state_on_efs
}

# Without NAT the prober reaches ECR, logs, secrets, CloudWatch, SNS, EC2 (discovery) and the
# ECS Exec channel through these.
module "vpc_endpoints" {
  count                     = var.create_vpc_endpoints ? 1 : 0
  source                    = "../../../modules/vpc-endpoints"
  name                      = local.name
  vpc_id                    = var.vpc_id
  subnet_ids                = var.subnet_ids
  route_table_ids           = var.route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "monitoring", "sns", "ec2", "ssmmessages"]
  client_security_group_ids = [module.consumer.prober_security_group_id]
}

module "alarms" {
  source               = "../../../modules/alarms"
  agent                = module.consumer.agent
  paths                = module.consumer.paths
  rtt_p99_threshold_ms = var.rtt_p99_threshold_ms
  alarm_actions        = [local.alerts_topic_arn]
}
