# The four-region placement experiment: a feed consumed in ap-southeast-2, its endpoint service
# placed in each candidate region (us-east-1, us-west-2, ap-southeast-1, ap-southeast-2) and reached
# over (cross-region) PrivateLink, plus the internet path; one prober ranks them
# (GET /api/compare?destination=feed). Two accounts, each with its own provider configurations:
# the responders in the provider account, everything of the prober in the consumer account.
# One state per environment: terraform init -reconfigure -backend-config=<env>.s3.tfbackend, then
# terraform apply -var-file=production.tfvars (or uat.tfvars). The minimal scenario is ../two-region.
# us-west-2 rather than us-west-1: cross-region PrivateLink is offered from and to a subset of
# regions only (deploy/terraform/README.md, "Regions").

terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.83, < 7"
    }
  }
  backend "s3" {}
}

locals {
  name = "pathwatch-${var.environment}"
  tags = { application = "pathwatch", environment = var.environment }
}

# The provider account, one configuration per candidate region.
provider "aws" {
  alias   = "provider_use1"
  region  = "us-east-1"
  profile = var.provider_profile

  dynamic "assume_role" {
    for_each = var.provider_assume_role_arn == "" ? [] : [var.provider_assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias   = "provider_usw2"
  region  = "us-west-2"
  profile = var.provider_profile

  dynamic "assume_role" {
    for_each = var.provider_assume_role_arn == "" ? [] : [var.provider_assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias   = "provider_apse1"
  region  = "ap-southeast-1"
  profile = var.provider_profile

  dynamic "assume_role" {
    for_each = var.provider_assume_role_arn == "" ? [] : [var.provider_assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias   = "provider_apse2"
  region  = "ap-southeast-2"
  profile = var.provider_profile

  dynamic "assume_role" {
    for_each = var.provider_assume_role_arn == "" ? [] : [var.provider_assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = local.tags
  }
}

# The consumer account.
provider "aws" {
  alias   = "consumer_apse2"
  region  = "ap-southeast-2"
  profile = var.consumer_profile

  dynamic "assume_role" {
    for_each = var.consumer_assume_role_arn == "" ? [] : [var.consumer_assume_role_arn]
    content {
      role_arn = assume_role.value
    }
  }

  default_tags {
    tags = local.tags
  }
}

module "responder_use1" {
  source              = "../../modules/responder"
  providers           = { aws = aws.provider_use1 }
  name                = "${local.name}-feed-use1"
  account_id          = var.provider_account_id
  vpc_id              = var.provider_networks["us-east-1"].vpc_id
  subnet_ids          = var.provider_networks["us-east-1"].subnet_ids
  nlb_cidr_blocks     = var.provider_networks["us-east-1"].subnet_cidr_blocks
  image               = var.provider_images["us-east-1"]
  auth_secret_arn     = var.provider_auth_secret_arns["us-east-1"]
  allowed_principals  = [var.consumer_principal]
  acceptance_required = false
  supported_regions   = ["ap-southeast-2"]
}

# The AWS API endpoints of the provider VPCs: one private-DNS endpoint per service and VPC, so where
# both environments share the provider VPCs only the first makes them (create_provider_vpc_endpoints),
# open to the subnets' address blocks so the other environment's responders use them too.
module "vpc_endpoints_use1" {
  count                     = var.create_provider_vpc_endpoints ? 1 : 0
  source                    = "../../modules/vpc-endpoints"
  providers                 = { aws = aws.provider_use1 }
  name                      = "${local.name}-feed-use1"
  vpc_id                    = var.provider_networks["us-east-1"].vpc_id
  subnet_ids                = var.provider_networks["us-east-1"].subnet_ids
  route_table_ids           = var.provider_networks["us-east-1"].route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
  client_security_group_ids = [module.responder_use1.security_group_id]
  client_cidr_blocks        = var.provider_networks["us-east-1"].subnet_cidr_blocks
}

module "responder_usw2" {
  source              = "../../modules/responder"
  providers           = { aws = aws.provider_usw2 }
  name                = "${local.name}-feed-usw2"
  account_id          = var.provider_account_id
  vpc_id              = var.provider_networks["us-west-2"].vpc_id
  subnet_ids          = var.provider_networks["us-west-2"].subnet_ids
  nlb_cidr_blocks     = var.provider_networks["us-west-2"].subnet_cidr_blocks
  image               = var.provider_images["us-west-2"]
  auth_secret_arn     = var.provider_auth_secret_arns["us-west-2"]
  allowed_principals  = [var.consumer_principal]
  acceptance_required = false
  supported_regions   = ["ap-southeast-2"]
}

module "vpc_endpoints_usw2" {
  count                     = var.create_provider_vpc_endpoints ? 1 : 0
  source                    = "../../modules/vpc-endpoints"
  providers                 = { aws = aws.provider_usw2 }
  name                      = "${local.name}-feed-usw2"
  vpc_id                    = var.provider_networks["us-west-2"].vpc_id
  subnet_ids                = var.provider_networks["us-west-2"].subnet_ids
  route_table_ids           = var.provider_networks["us-west-2"].route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
  client_security_group_ids = [module.responder_usw2.security_group_id]
  client_cidr_blocks        = var.provider_networks["us-west-2"].subnet_cidr_blocks
}

module "responder_apse1" {
  source              = "../../modules/responder"
  providers           = { aws = aws.provider_apse1 }
  name                = "${local.name}-feed-apse1"
  account_id          = var.provider_account_id
  vpc_id              = var.provider_networks["ap-southeast-1"].vpc_id
  subnet_ids          = var.provider_networks["ap-southeast-1"].subnet_ids
  nlb_cidr_blocks     = var.provider_networks["ap-southeast-1"].subnet_cidr_blocks
  image               = var.provider_images["ap-southeast-1"]
  auth_secret_arn     = var.provider_auth_secret_arns["ap-southeast-1"]
  allowed_principals  = [var.consumer_principal]
  acceptance_required = false
  supported_regions   = ["ap-southeast-2"]
}

module "vpc_endpoints_apse1" {
  count                     = var.create_provider_vpc_endpoints ? 1 : 0
  source                    = "../../modules/vpc-endpoints"
  providers                 = { aws = aws.provider_apse1 }
  name                      = "${local.name}-feed-apse1"
  vpc_id                    = var.provider_networks["ap-southeast-1"].vpc_id
  subnet_ids                = var.provider_networks["ap-southeast-1"].subnet_ids
  route_table_ids           = var.provider_networks["ap-southeast-1"].route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
  client_security_group_ids = [module.responder_apse1.security_group_id]
  client_cidr_blocks        = var.provider_networks["ap-southeast-1"].subnet_cidr_blocks
}

module "responder_apse2" {
  source              = "../../modules/responder"
  providers           = { aws = aws.provider_apse2 }
  name                = "${local.name}-feed-apse2"
  account_id          = var.provider_account_id
  vpc_id              = var.provider_networks["ap-southeast-2"].vpc_id
  subnet_ids          = var.provider_networks["ap-southeast-2"].subnet_ids
  nlb_cidr_blocks     = var.provider_networks["ap-southeast-2"].subnet_cidr_blocks
  image               = var.provider_images["ap-southeast-2"]
  auth_secret_arn     = var.provider_auth_secret_arns["ap-southeast-2"]
  allowed_principals  = [var.consumer_principal]
  acceptance_required = false
  # same region as the consumer: no cross-region support; the consumer's subnets must be in this NLB's AZ IDs
}

module "vpc_endpoints_apse2" {
  count                     = var.create_provider_vpc_endpoints ? 1 : 0
  source                    = "../../modules/vpc-endpoints"
  providers                 = { aws = aws.provider_apse2 }
  name                      = "${local.name}-feed-apse2"
  vpc_id                    = var.provider_networks["ap-southeast-2"].vpc_id
  subnet_ids                = var.provider_networks["ap-southeast-2"].subnet_ids
  route_table_ids           = var.provider_networks["ap-southeast-2"].route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
  client_security_group_ids = [module.responder_apse2.security_group_id]
  client_cidr_blocks        = var.provider_networks["ap-southeast-2"].subnet_cidr_blocks
}

data "aws_partition" "current" {
  provider = aws.consumer_apse2
}

locals {
  consumer_name    = "${local.name}-apse2"
  alerts_topic_arn = "arn:${data.aws_partition.current.partition}:sns:ap-southeast-2:${var.consumer_account_id}:${local.consumer_name}-alerts"
}

resource "aws_sns_topic" "alerts" {
  provider = aws.consumer_apse2
  name     = "${local.consumer_name}-alerts"

  lifecycle {
    postcondition {
      condition     = self.arn == local.alerts_topic_arn
      error_message = "The topic is not where consumer_account_id says: set it to the account consumer_profile leads to."
    }
  }
}

module "consumer" {
  source     = "../../modules/consumer"
  providers  = { aws = aws.consumer_apse2 }
  name       = local.consumer_name
  account_id = var.consumer_account_id
  vpc_id     = var.consumer_vpc_id
  subnet_ids = var.consumer_subnet_ids
  endpoint_services = {
    "privatelink-use1"  = { service_name = module.responder_use1.endpoint_service_name, service_region = "us-east-1", destination = "feed" }
    "privatelink-usw2"  = { service_name = module.responder_usw2.endpoint_service_name, service_region = "us-west-2", destination = "feed" }
    "privatelink-apse1" = { service_name = module.responder_apse1.endpoint_service_name, service_region = "ap-southeast-1", destination = "feed" }
    "privatelink-apse2" = { service_name = module.responder_apse2.endpoint_service_name, service_region = "ap-southeast-2", destination = "feed" }
  }
  extra_paths     = var.internet_target == "" ? {} : { "internet" = { target = var.internet_target, via = "internet", destination = "feed", tls = var.internet_tls } }
  image           = var.consumer_image
  auth_secret_arn = var.consumer_auth_secret_arn
  sns_topic_arn   = local.alerts_topic_arn
}

module "consumer_vpc_endpoints" {
  count                     = var.create_consumer_vpc_endpoints ? 1 : 0
  source                    = "../../modules/vpc-endpoints"
  providers                 = { aws = aws.consumer_apse2 }
  name                      = local.consumer_name
  vpc_id                    = var.consumer_vpc_id
  subnet_ids                = var.consumer_subnet_ids
  route_table_ids           = var.consumer_route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "monitoring", "sns", "ec2", "ssmmessages"]
  client_security_group_ids = [module.consumer.prober_security_group_id]
}

module "alarms" {
  source               = "../../modules/alarms"
  providers            = { aws = aws.consumer_apse2 }
  agent                = module.consumer.agent
  paths                = module.consumer.paths
  rtt_p99_threshold_ms = var.rtt_p99_threshold_ms
  alarm_actions        = [local.alerts_topic_arn]
}
