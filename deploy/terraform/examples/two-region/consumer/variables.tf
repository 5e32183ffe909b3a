variable "environment" {
  description = "\"prod\" or \"uat\": names every resource and the prober's agent (pathwatch-<environment>-apse2)."
  type        = string

  validation {
    condition     = contains(["prod", "uat"], var.environment)
    error_message = "environment: \"prod\" or \"uat\"."
  }
}

variable "region" {
  description = "The consumer's region."
  type        = string
  default     = "ap-southeast-2"
}

variable "aws_profile" {
  description = "Named profile of this environment's consumer account (null: the default credential chain)."
  type        = string
  default     = null
}

variable "assume_role_arn" {
  description = "A role in the consumer account to assume; empty uses aws_profile's credentials as they are."
  type        = string
  default     = ""
}

variable "account_id" {
  description = "The consumer account's id (12 digits): ARNs in the IAM policies are built from it, so the plan shows them whole. It must be the account the credentials above lead to."
  type        = string
}

variable "vpc_id" {
  description = "This environment's consumer VPC."
  type        = string
}

variable "subnet_ids" {
  description = "Its private subnets for the endpoints, the prober and EFS."
  type        = list(string)
}

variable "route_table_ids" {
  description = "Those subnets' route tables, for the S3 gateway endpoint; empty when the VPC already has one."
  type        = list(string)
  default     = []
}

variable "create_vpc_endpoints" {
  description = "Create the interface endpoints the prober needs and the S3 gateway; false when the subnets route through a NAT gateway, which then carries the AWS traffic too, or the VPC has them already (one private-DNS endpoint per service and VPC). They do not reach the internet: internet_target needs a NAT (internet_egress)."
  type        = bool
  default     = true
}

variable "endpoint_services" {
  description = "The PrivateLink paths: name => { service_name (the provider deployment's endpoint_service_name), service_region, destination }."
  type = map(object({
    service_name   = string
    service_region = string
    destination    = string
  }))
}

variable "internet_target" {
  description = "host:port of the feed's internet path for comparison (the provider's stunnel server or NLB TLS listener in front of a responder); empty leaves it out. The prober reaches it from its private subnets, so those need a route to the internet (a NAT gateway): say so with internet_egress = true. VPC endpoints do not carry it."
  type        = string
  default     = ""

  validation {
    condition     = var.internet_target == "" || var.internet_egress
    error_message = "internet_target needs a route to the internet from the prober's subnets (a NAT gateway; the VPC endpoints reach only AWS APIs): set internet_egress = true once the subnets have one, or leave internet_target empty. Without it the path never connects and its state alarm stays in ALARM."
  }
}

variable "internet_egress" {
  description = "The prober's subnets route 0.0.0.0/0 through a NAT gateway (made outside this root), so the internet path can connect. Required for internet_target; the NAT's cost is in deploy/README.md."
  type        = bool
  default     = false
}

variable "internet_tls" {
  description = "Probe internet_target with TLS (pathwatch.paths[].tls.enabled), trusting the JDK's CAs."
  type        = bool
  default     = true
}

variable "image" {
  description = "The pathwatch image in this account's ECR in this region (pushed or replicated here)."
  type        = string
}

variable "auth_secret_arn" {
  description = "Secret (plain string) holding pathwatch.auth.secret, the same value as the provider's."
  type        = string
}

variable "previous_auth_secret_arn" {
  description = "During a rotation, the secret holding the old value; empty otherwise."
  type        = string
  default     = ""
}

variable "api_token_secret_arn" {
  description = "Secret holding pathwatch.api.token; empty leaves the API's writes open to whoever reaches 8080."
  type        = string
  default     = ""
}

variable "kms_key_arn" {
  description = "Customer managed KMS key of the secrets; empty: the AWS managed key (no kms:Decrypt granted)."
  type        = string
  default     = ""
}

variable "operator_cidr_blocks" {
  description = "Networks allowed to the status page on 8080; empty: reach it through ECS Exec."
  type        = list(string)
  default     = []
}

variable "state_on_efs" {
  description = "Keep the prober's state on EFS across task replacements."
  type        = bool
  default     = true
}

variable "rtt_p99_threshold_ms" {
  description = "Per path RTT p99 alarm thresholds, ms, with \"default\"."
  type        = map(number)
  default     = { default = 400 }
}
