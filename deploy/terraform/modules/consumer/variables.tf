variable "name" {
  description = "Prefix of every resource name and the prober's agent name, e.g. \"pathwatch-prod-apse2\"; one deployment per environment (production and UAT apart). At most 28 characters of a-z, 0-9 and hyphens."
  type        = string

  validation {
    condition     = length(var.name) <= 28 && can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", var.name))
    error_message = "name: at most 28 characters of a-z, 0-9 and inner hyphens."
  }
}

variable "vpc_id" {
  description = "The consumer VPC the interface endpoints and the prober run in."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id: a VPC id, vpc-<8 to 17 hex digits> (pathwatch.discovery.aws.vpc-ids refuses anything else)."
  }
}

variable "subnet_ids" {
  description = "Private subnets for the interface endpoints, the prober task and the EFS mount targets: at most one per availability zone (EFS allows one mount target per AZ and an interface endpoint one subnet per AZ; the plan cannot check it, the apply fails). For a same-region endpoint service they must be in AZ IDs the service's NLB is in."
  type        = list(string)
}

variable "endpoint_services" {
  description = "The PrivateLink paths: path name => the endpoint service, its region (cross-region PrivateLink when not this one) and the destination it leads to. Each gets an interface endpoint tagged pathwatch:path = the name."
  type = map(object({
    service_name   = string
    service_region = string
    destination    = string
  }))
}

variable "responder_port" {
  description = "The responders' TCP port behind the endpoints (the pathwatch:port tag)."
  type        = number
  default     = 7100
}

variable "extra_paths" {
  description = "Paths that need no endpoint, e.g. the internet path: name => { target = \"host:port\", via = \"internet\", destination = \"feed\", tls = true }."
  type = map(object({
    target      = string
    via         = string
    destination = string
    tls         = optional(bool, false)
  }))
  default = {}
}

variable "discovery_enabled" {
  description = "The prober adopts the tagged interface endpoints (pathwatch.discovery.aws.vpc-endpoints.enabled) instead of having them listed in its configuration: an endpoint becomes a path once it is available. Adds ec2:DescribeVpcEndpoints to the task role; needs the ec2 VPC endpoint (or NAT)."
  type        = bool
  default     = true
}

variable "discovery_vpc_ids" {
  description = "The only VPCs whose endpoints discovery adopts (pathwatch.discovery.aws.vpc-ids); empty = var.vpc_id. Never list another environment's VPC."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for v in var.discovery_vpc_ids : can(regex("^vpc-[0-9a-f]{8,17}$", v))])
    error_message = "discovery_vpc_ids: VPC ids, vpc-<8 to 17 hex digits>."
  }
}

variable "account_id" {
  description = "The account this deploys into (12 digits): the log group's ARN in the execution role's policy is built from it, so the plan shows the policy whole."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id: 12 digits."
  }
}

variable "image" {
  description = "The pathwatch image in an ECR repository of this region and account (pushed or replicated here), e.g. \"210987654321.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0\"; the execution role may pull from that repository only."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[^:@]+", var.image))
    error_message = "image must be an ECR image: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>."
  }
}

variable "auth_secret_arn" {
  description = "Secrets Manager secret (a plain string) holding pathwatch.auth.secret, the same value as the responders'."
  type        = string
}

variable "previous_auth_secret_arn" {
  description = "During a secret rotation, the secret holding the old value (pathwatch.auth.previous-secret); empty otherwise."
  type        = string
  default     = ""
}

variable "api_token_secret_arn" {
  description = "Secret holding pathwatch.api.token: write requests on the API (silences, probe now) need it. Set it whenever operator_cidr_blocks opens port 8080."
  type        = string
  default     = ""
}

variable "kms_key_arn" {
  description = "The customer managed KMS key the secrets are encrypted with; empty for the AWS managed key (no kms:Decrypt granted)."
  type        = string
  default     = ""
}

variable "namespace" {
  description = "CloudWatch namespace pathwatch publishes to; the task role may put metric data only there."
  type        = string
  default     = "Pathwatch"
}

variable "sns_topic_arn" {
  description = "SNS topic alerts go to; the task role may publish only there."
  type        = string
}

variable "ecs_exec" {
  description = "ECS Exec on the prober (a shell, or a port forward to the status page: deploy/README.md); adds the ssmmessages actions to the task role and needs the ssmmessages VPC endpoint (or NAT)."
  type        = bool
  default     = true
}

variable "operator_cidr_blocks" {
  description = "Networks allowed to reach the prober's API and status page on 8080 directly (e.g. over the VPN); empty: none, use ECS Exec."
  type        = list(string)
  default     = []
}

variable "state_on_efs" {
  description = "Keep pathwatch.state-dir (baselines, the hour of history, the alert spool) on an encrypted EFS file system so it survives task replacement; false keeps it in the task, lost at each replacement (baselines are relearned, undelivered alerts are lost)."
  type        = bool
  default     = true
}

variable "ecs_cluster_arn" {
  description = "ECS cluster to run in; empty creates one named after var.name."
  type        = string
  default     = ""
}

variable "cpu" {
  description = "Fargate CPU units of the prober task."
  type        = number
  default     = 1024
}

variable "memory" {
  description = "Fargate memory of the prober task, MiB (at least 1024): the JVM gets half as heap, an eighth as direct memory, 128 MiB metaspace."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory >= 1024
    error_message = "memory: at least 1024 MiB."
  }
}

variable "log_retention_days" {
  description = "Retention of the prober's log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags on every resource, e.g. { environment = \"uat\" }."
  type        = map(string)
  default     = {}
}
