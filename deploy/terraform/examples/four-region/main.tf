# The four-region test: a feed consumed in ap-southeast-2, its endpoint service placed in each
# candidate region (us-east-1, us-west-1, ap-southeast-1, ap-southeast-2) and reached over
# (cross-region) PrivateLink, plus the stunnel internet path; one prober compares them all.
# Apply once per environment with its own state: terraform workspace select production|uat,
# terraform apply -var-file=production.tfvars (or uat.tfvars).

terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

provider "aws" {
  alias  = "us_west_1"
  region = "us-west-1"
}

provider "aws" {
  alias  = "ap_southeast_1"
  region = "ap-southeast-1"
}

provider "aws" {
  alias  = "ap_southeast_2"
  region = "ap-southeast-2"
}

locals {
  name = "pathwatch-${var.environment}"
  tags = { application = "pathwatch", environment = var.environment }
}

module "responder_us_east_1" {
  source             = "../../modules/responder"
  providers          = { aws = aws.us_east_1 }
  name               = "${local.name}-use1"
  vpc_id             = var.provider_networks["us-east-1"].vpc_id
  subnet_ids         = var.provider_networks["us-east-1"].subnet_ids
  vpc_cidr_blocks    = var.provider_networks["us-east-1"].cidr_blocks
  image              = var.image
  auth_secret_arn    = var.provider_auth_secret_arns["us-east-1"]
  allowed_principals = [var.consumer_account_principal]
  supported_regions  = ["ap-southeast-2"]
  tags               = local.tags
}

module "responder_us_west_1" {
  source             = "../../modules/responder"
  providers          = { aws = aws.us_west_1 }
  name               = "${local.name}-usw1"
  vpc_id             = var.provider_networks["us-west-1"].vpc_id
  subnet_ids         = var.provider_networks["us-west-1"].subnet_ids
  vpc_cidr_blocks    = var.provider_networks["us-west-1"].cidr_blocks
  image              = var.image
  auth_secret_arn    = var.provider_auth_secret_arns["us-west-1"]
  allowed_principals = [var.consumer_account_principal]
  supported_regions  = ["ap-southeast-2"]
  tags               = local.tags
}

module "responder_ap_southeast_1" {
  source             = "../../modules/responder"
  providers          = { aws = aws.ap_southeast_1 }
  name               = "${local.name}-apse1"
  vpc_id             = var.provider_networks["ap-southeast-1"].vpc_id
  subnet_ids         = var.provider_networks["ap-southeast-1"].subnet_ids
  vpc_cidr_blocks    = var.provider_networks["ap-southeast-1"].cidr_blocks
  image              = var.image
  auth_secret_arn    = var.provider_auth_secret_arns["ap-southeast-1"]
  allowed_principals = [var.consumer_account_principal]
  supported_regions  = ["ap-southeast-2"]
  tags               = local.tags
}

module "responder_ap_southeast_2" {
  source             = "../../modules/responder"
  providers          = { aws = aws.ap_southeast_2 }
  name               = "${local.name}-apse2"
  vpc_id             = var.provider_networks["ap-southeast-2"].vpc_id
  subnet_ids         = var.provider_networks["ap-southeast-2"].subnet_ids
  vpc_cidr_blocks    = var.provider_networks["ap-southeast-2"].cidr_blocks
  image              = var.image
  auth_secret_arn    = var.provider_auth_secret_arns["ap-southeast-2"]
  allowed_principals = [var.consumer_account_principal]
  tags               = local.tags
}

resource "aws_sns_topic" "alerts" {
  provider = aws.ap_southeast_2
  name     = "${local.name}-alerts"
  tags     = local.tags
}

module "consumer" {
  source     = "../../modules/consumer"
  providers  = { aws = aws.ap_southeast_2 }
  name       = "${local.name}-apse2"
  vpc_id     = var.consumer_vpc_id
  subnet_ids = var.consumer_subnet_ids
  endpoint_services = {
    "privatelink-us-east-1"      = { service_name = module.responder_us_east_1.endpoint_service_name, service_region = "us-east-1", destination = "feed" }
    "privatelink-us-west-1"      = { service_name = module.responder_us_west_1.endpoint_service_name, service_region = "us-west-1", destination = "feed" }
    "privatelink-ap-southeast-1" = { service_name = module.responder_ap_southeast_1.endpoint_service_name, service_region = "ap-southeast-1", destination = "feed" }
    "privatelink-ap-southeast-2" = { service_name = module.responder_ap_southeast_2.endpoint_service_name, service_region = "ap-southeast-2", destination = "feed" }
  }
  extra_paths     = var.stunnel_target == "" ? {} : { "stunnel-internet" = { target = var.stunnel_target, via = "stunnel", destination = "feed" } }
  image           = var.image
  auth_secret_arn = var.consumer_auth_secret_arn
  sns_topic_arn   = aws_sns_topic.alerts.arn
  tags            = local.tags
}

module "alarms" {
  source               = "../../modules/alarms"
  providers            = { aws = aws.ap_southeast_2 }
  agent                = module.consumer.agent
  paths                = module.consumer.paths
  rtt_p99_threshold_ms = var.rtt_p99_threshold_ms
  alarm_actions        = [aws_sns_topic.alerts.arn]
  tags                 = local.tags
}

output "endpoint_services" {
  description = "The endpoint service of each candidate region."
  value = {
    "us-east-1"      = module.responder_us_east_1.endpoint_service_name
    "us-west-1"      = module.responder_us_west_1.endpoint_service_name
    "ap-southeast-1" = module.responder_ap_southeast_1.endpoint_service_name
    "ap-southeast-2" = module.responder_ap_southeast_2.endpoint_service_name
  }
}

output "alerts_topic_arn" {
  description = "Subscribe people and systems to this topic."
  value       = aws_sns_topic.alerts.arn
}
