variable "environment" {
  description = "\"production\" or \"uat\": names every resource, so the two deployments never share anything (keep one state per environment)."
  type        = string
}

variable "image" {
  description = "The pathwatch image, pushed to ECR in every region below (or a registry all of them can pull from)."
  type        = string
}

variable "consumer_account_principal" {
  description = "The consumer account allowed to connect to the endpoint services, e.g. \"arn:aws:iam::210987654321:root\"."
  type        = string
}

variable "provider_networks" {
  description = "Per candidate region of the endpoint service: the provider-facing VPC, its private subnets and its CIDR blocks."
  type = map(object({
    vpc_id      = string
    subnet_ids  = list(string)
    cidr_blocks = list(string)
  }))
}

variable "provider_auth_secret_arns" {
  description = "Per candidate region: the Secrets Manager secret holding the shared pathwatch.auth.secret (replicated to each region)."
  type        = map(string)
}

variable "consumer_vpc_id" {
  description = "The consumer VPC in ap-southeast-2."
  type        = string
}

variable "consumer_subnet_ids" {
  description = "Private subnets of the consumer VPC for the endpoints and the prober."
  type        = list(string)
}

variable "consumer_auth_secret_arn" {
  description = "The shared secret in ap-southeast-2."
  type        = string
}

variable "stunnel_target" {
  description = "host:port of the consumer-side stunnel client for the internet path; empty leaves that path out."
  type        = string
  default     = ""
}

variable "rtt_p99_threshold_ms" {
  description = "Per path RTT p99 alarm thresholds, ms, with \"default\"."
  type        = map(number)
  default     = { default = 400 }
}
