variable "region" {
  description = "The provider's region: where the feed's endpoint service is."
  type        = string
  default     = "us-east-1"
}

variable "aws_profile" {
  description = "Named profile of the provider account (null: the default credential chain)."
  type        = string
  default     = null
}

variable "assume_role_arn" {
  description = "A role in the provider account to assume; empty uses aws_profile's credentials as they are."
  type        = string
  default     = ""
}

variable "name" {
  description = "Prefix of every resource name, e.g. \"pathwatch-use1\" (at most 23 characters: \"-feed\" is added for the feed's listener)."
  type        = string

  validation {
    condition     = length(var.name) <= 23
    error_message = "name: at most 23 characters (target group and NLB names are limited to 32)."
  }
}

variable "account_id" {
  description = "The provider account's id (12 digits): ARNs in the IAM policies are built from it, so the plan shows them whole. It must be the account the credentials above lead to."
  type        = string
}

variable "vpc_id" {
  description = "The provider-facing VPC for the responder and its NLB."
  type        = string
}

variable "subnet_ids" {
  description = "Its private subnets, one per availability zone to serve."
  type        = list(string)
}

variable "subnet_cidr_blocks" {
  description = "Those subnets' address blocks (the NLB's private addresses: health checks, PrivateLink traffic, PROXY headers come from them)."
  type        = list(string)
}

variable "route_table_ids" {
  description = "Those subnets' route tables, for the S3 gateway endpoint; empty when the VPC already has one."
  type        = list(string)
  default     = []
}

variable "create_vpc_endpoints" {
  description = "Create the interface endpoints the tasks need (ecr.api, ecr.dkr, logs, secretsmanager) and the S3 gateway; false when the subnets route through a NAT gateway or the VPC has them already."
  type        = bool
  default     = true
}

variable "image" {
  description = "The pathwatch image in this account's ECR in this region, e.g. \"123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0\"."
  type        = string
}

variable "auth_secret_arn" {
  description = "Secrets Manager secret (plain string) holding pathwatch.auth.secret, shared with the consumers."
  type        = string
}

variable "previous_auth_secret_arn" {
  description = "During a secret rotation, the secret holding the old value (pathwatch.auth.previous-secret): the responders get it first (docs/protocol.md); empty otherwise."
  type        = string
  default     = ""
}

variable "api_token_secret_arn" {
  description = "Secret holding pathwatch.api.token for the responders' HTTP API; empty: none."
  type        = string
  default     = ""
}

variable "kms_key_arn" {
  description = "Customer managed KMS key of the secrets; empty: the AWS managed key."
  type        = string
  default     = ""
}

variable "consumer_principals" {
  description = "Every consumer environment's principal allowed to connect, production's and UAT's, e.g. [\"arn:aws:iam::210987654321:root\", \"arn:aws:iam::310987654321:root\"]."
  type        = list(string)
}

variable "consumer_regions" {
  description = "The consumers' regions (cross-region PrivateLink), e.g. [\"ap-southeast-2\"]; this region is added."
  type        = list(string)
  default     = ["ap-southeast-2"]
}

variable "accepted_endpoint_ids" {
  description = "The consumers' endpoint ids to accept, from each consumer deployment's endpoint_ids output (second apply)."
  type        = list(string)
  default     = []
}

variable "feed_nlb" {
  description = "The feed's own NLB, to probe exactly the feed's path: { arn, vpc_id, target_ips = responders beside the feed's source }; null leaves it out."
  type = object({
    arn        = string
    vpc_id     = string
    target_ips = list(string)
  })
  default = null
}
