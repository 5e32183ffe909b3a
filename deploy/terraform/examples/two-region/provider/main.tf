# The scenario, provider side: the data provider's account in us-east-1. One deployment (one
# state) serves both consumer environments: one endpoint service whose allowed principals name
# production's and UAT's, reachable from ap-southeast-2 over cross-region PrivateLink. Optionally
# also a listener on the feed's own NLB, so the probes ride the feed's own path (modules/responder).
# The consumer side is its own root (../consumer), applied once per environment; the endpoint
# service name is handed over as a variable. Walkthrough: deploy/README.md.

terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.83, < 7"
    }
  }
  # bucket, key, region from provider.s3.tfbackend: terraform init -backend-config=provider.s3.tfbackend
  backend "s3" {}
}

# the provider account: a named profile, or a role to assume from whatever credentials run terraform
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
    tags = { application = "pathwatch", side = "provider" }
  }
}

module "responder" {
  source                   = "../../../modules/responder"
  name                     = var.name
  account_id               = var.account_id
  vpc_id                   = var.vpc_id
  subnet_ids               = var.subnet_ids
  nlb_cidr_blocks          = var.subnet_cidr_blocks
  image                    = var.image
  auth_secret_arn          = var.auth_secret_arn
  previous_auth_secret_arn = var.previous_auth_secret_arn
  api_token_secret_arn     = var.api_token_secret_arn
  kms_key_arn              = var.kms_key_arn
  allowed_principals       = var.consumer_principals
  supported_regions        = var.consumer_regions
  acceptance_required      = true
  accepted_endpoint_ids    = var.accepted_endpoint_ids
}

# The feed's own path: a listener on responder_port and an IP target group on the feed's NLB,
# targets beside the feed's source over the Transit Gateway (responders run there, e.g. systemd).
module "feed_path" {
  count        = var.feed_nlb == null ? 0 : 1
  source       = "../../../modules/responder"
  name         = "${var.name}-feed"
  existing_nlb = var.feed_nlb
}

# Without NAT the tasks reach ECR, CloudWatch Logs and Secrets Manager through these.
module "vpc_endpoints" {
  count                     = var.create_vpc_endpoints ? 1 : 0
  source                    = "../../../modules/vpc-endpoints"
  name                      = var.name
  vpc_id                    = var.vpc_id
  subnet_ids                = var.subnet_ids
  route_table_ids           = var.route_table_ids
  interface_services        = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]
  client_security_group_ids = [module.responder.security_group_id]
}
