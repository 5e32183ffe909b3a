variable "environment" {
  description = "\"prod\" or \"uat\": names every resource (pathwatch-<environment>-<region>), so the two deployments share nothing; keep one state per environment."
  type        = string

  validation {
    condition     = contains(["prod", "uat"], var.environment)
    error_message = "environment: \"prod\" or \"uat\"."
  }
}

variable "provider_profile" {
  description = "Named profile of the provider account (null: the default credential chain)."
  type        = string
  default     = null
}

variable "provider_assume_role_arn" {
  description = "A role in the provider account to assume; empty uses provider_profile as it is."
  type        = string
  default     = ""
}

variable "consumer_profile" {
  description = "Named profile of the consumer account (null: the default credential chain)."
  type        = string
  default     = null
}

variable "consumer_assume_role_arn" {
  description = "A role in the consumer account to assume; empty uses consumer_profile as it is."
  type        = string
  default     = ""
}

variable "provider_account_id" {
  description = "The provider account's id (the account provider_profile leads to)."
  type        = string
}

variable "consumer_account_id" {
  description = "The consumer account's id (the account consumer_profile leads to)."
  type        = string
}

variable "consumer_principal" {
  description = "The consumer account allowed to connect to the endpoint services, e.g. \"arn:aws:iam::210987654321:root\"."
  type        = string
}

variable "provider_networks" {
  description = "Per candidate region of the endpoint service: the provider-facing VPC, its private subnets, their CIDR blocks and route tables."
  type = map(object({
    vpc_id             = string
    subnet_ids         = list(string)
    subnet_cidr_blocks = list(string)
    route_table_ids    = list(string)
  }))
}

variable "provider_images" {
  description = "Per candidate region: the pathwatch image in the provider account's ECR there (pushed or replicated)."
  type        = map(string)
}

variable "provider_auth_secret_arns" {
  description = "Per candidate region: the Secrets Manager secret holding the shared pathwatch.auth.secret (replicated to each region)."
  type        = map(string)
}

variable "create_vpc_endpoints" {
  description = "Create the AWS API endpoints the tasks need in every VPC; false where the subnets route through NAT."
  type        = bool
  default     = true
}

variable "consumer_vpc_id" {
  description = "The consumer VPC in ap-southeast-2."
  type        = string
}

variable "consumer_subnet_ids" {
  description = "Private subnets of the consumer VPC for the endpoints and the prober (for the same-region path: in AZ IDs of the ap-southeast-2 NLB)."
  type        = list(string)
}

variable "consumer_route_table_ids" {
  description = "Their route tables, for the S3 gateway endpoint; empty when the VPC has one."
  type        = list(string)
  default     = []
}

variable "consumer_image" {
  description = "The pathwatch image in the consumer account's ECR in ap-southeast-2."
  type        = string
}

variable "consumer_auth_secret_arn" {
  description = "The shared secret in the consumer account, ap-southeast-2."
  type        = string
}

variable "internet_target" {
  description = "host:port of the feed's internet path (a stunnel server or NLB TLS listener before a responder); empty leaves that path out."
  type        = string
  default     = ""
}

variable "internet_tls" {
  description = "Probe internet_target with TLS."
  type        = bool
  default     = true
}

variable "rtt_p99_threshold_ms" {
  description = "Per path RTT p99 alarm thresholds, ms, with \"default\"."
  type        = map(number)
  default     = { default = 400 }
}
