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
  description = "Per candidate region of the endpoint service (us-east-1, us-west-2, ap-southeast-1, ap-southeast-2): the provider-facing VPC, its private subnets (at most one per availability zone), their CIDR blocks and route tables. Production and UAT may name the same VPCs (see create_provider_vpc_endpoints)."
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

variable "create_provider_vpc_endpoints" {
  description = "Create the AWS API endpoints the responders need (ecr.api, ecr.dkr, logs, secretsmanager, the S3 gateway) in the four provider VPCs, open to their subnets. A VPC holds one private-DNS endpoint per service: where the other environment's deployment runs in the same provider VPCs and made them already, set false in this one (and destroy it first). False also where those subnets route through a NAT gateway."
  type        = bool
  default     = true
}

variable "create_consumer_vpc_endpoints" {
  description = "Create the AWS API endpoints the prober needs (ecr.api, ecr.dkr, logs, secretsmanager, monitoring, sns, ec2, ssmmessages, the S3 gateway) in the consumer VPC; false where its subnets route through a NAT gateway or the VPC has them already."
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
  description = "host:port of the feed's internet path (a stunnel server or NLB TLS listener before a responder); empty leaves that path out. The prober's subnets need a route to the internet for it (a NAT gateway; the VPC endpoints reach only AWS APIs): set internet_egress = true."
  type        = string
  default     = ""

  validation {
    condition     = var.internet_target == "" || var.internet_egress
    error_message = "internet_target needs a route to the internet from the prober's subnets (a NAT gateway; the VPC endpoints reach only AWS APIs): set internet_egress = true once the subnets have one, or leave internet_target empty. Without it the path never connects and its state alarm stays in ALARM."
  }
}

variable "internet_egress" {
  description = "The consumer subnets route 0.0.0.0/0 through a NAT gateway (made outside this root), so the internet path can connect. Required for internet_target."
  type        = bool
  default     = false
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
