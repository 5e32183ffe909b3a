variable "name" {
  description = "Prefix of every resource name, e.g. \"pathwatch-use1\"; one per deployment. At most 28 characters, lower-case letters, digits and hyphens: the target group (\"<name>-rsp\") and NLB (\"<name>-nlb\") names are limited to 32."
  type        = string

  validation {
    condition     = length(var.name) <= 28 && can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", var.name))
    error_message = "name: at most 28 characters of a-z, 0-9 and inner hyphens (AWS limits target group and load balancer names to 32)."
  }
}

variable "existing_nlb" {
  description = "Layout: null (default) builds the responder on ECS behind its own NLB and endpoint service; set it to add a listener on responder_port and an IP target group to the feed's own NLB instead: { arn = the NLB, vpc_id = its VPC, target_ips = the responders beside the feed's source, reached over the Transit Gateway }. Then nothing else is created and the consumers reach it through the feed's endpoint service."
  type = object({
    arn        = string
    vpc_id     = string
    target_ips = list(string)
  })
  default = null
}

variable "vpc_id" {
  description = "Own-NLB layout: the provider-facing VPC the responder and its NLB run in."
  type        = string
  default     = ""
}

variable "subnet_ids" {
  description = "Own-NLB layout: private subnets for the NLB and the tasks, one per availability zone the endpoint service should serve (a consumer in the same region can only use the AZ IDs these are in)."
  type        = list(string)
  default     = []
}

variable "nlb_cidr_blocks" {
  description = "The address blocks of the NLB's subnets: let in on the responder port (and 8080 for readiness without PROXY v2), and the only peers whose PROXY header the responder accepts (pathwatch.responder.proxy-trusted-from)."
  type        = list(string)
  default     = []
}

variable "account_id" {
  description = "Own-NLB layout: the account this deploys into (12 digits): the log group's ARN in the execution role's policy is built from it, so the plan shows the policy whole."
  type        = string
  default     = ""

  validation {
    condition     = var.account_id == "" || can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id: 12 digits."
  }
}

variable "image" {
  description = "Own-NLB layout: the pathwatch image in an ECR repository of this region, e.g. \"123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0\"; the execution role may pull from that repository only."
  type        = string
  default     = ""

  validation {
    condition     = var.image == "" || can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[^:@]+", var.image))
    error_message = "image must be an ECR image: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>."
  }
}

variable "auth_secret_arn" {
  description = "Own-NLB layout: the Secrets Manager secret (a plain string) holding pathwatch.auth.secret, the same value as the consumers'."
  type        = string
  default     = ""
}

variable "previous_auth_secret_arn" {
  description = "During a secret rotation, the secret holding the old value (pathwatch.auth.previous-secret); empty otherwise."
  type        = string
  default     = ""
}

variable "api_token_secret_arn" {
  description = "Secret holding pathwatch.api.token (write requests on the HTTP API need it); empty leaves the API's writes open to whoever reaches port 8080."
  type        = string
  default     = ""
}

variable "kms_key_arn" {
  description = "The customer managed KMS key the secrets are encrypted with; empty for the AWS managed key (no kms:Decrypt granted)."
  type        = string
  default     = ""
}

variable "allowed_principals" {
  description = "IAM principals allowed to create endpoints to the endpoint service: every consumer environment's account root or role, e.g. [\"arn:aws:iam::210987654321:root\"]."
  type        = list(string)
  default     = []
}

variable "supported_regions" {
  description = "Regions whose consumers may connect through cross-region PrivateLink, e.g. [\"ap-southeast-2\"]; this region is added (AWS requires it). Empty: only this region. Needs vpce:AllowMultiRegion for whoever applies."
  type        = list(string)
  default     = []
}

variable "acceptance_required" {
  description = "Whether each consumer endpoint connection must be accepted (by id in accepted_endpoint_ids, or in the console)."
  type        = bool
  default     = true
}

variable "accepted_endpoint_ids" {
  description = "Consumer endpoint ids (vpce-…) to accept, as each consumer deployment outputs them; for acceptance_required."
  type        = list(string)
  default     = []
}

variable "responder_port" {
  description = "The responder's TCP port, on the tasks and on the NLB listener."
  type        = number
  default     = 7100
}

variable "proxy_protocol" {
  description = "PROXY protocol v2 from the NLB to the responder (the target group's proxy_protocol_v2, and pathwatch.responder.proxy-protocol=v2 with proxy-trusted-from = nlb_cidr_blocks on the tasks): the responder then counts and lists each client by the address the NLB names; PrivateLink names the endpoint's address in the consumer VPC. The target group and the tasks change in the same apply; until both have, new connections are refused. It also picks the health check: on, TCP on the responder port (the NLB sends its PROXY header on health checks too, which the responder accepts from nlb_cidr_blocks and Tomcat on 8080 would not); off, HTTP GET /actuator/health/readiness on 8080. In the existing-NLB layout set the same on the responders beside the source, with proxy-trusted-from = the feed NLB's subnets."
  type        = bool
  default     = true
}

variable "health_check_grace_period_seconds" {
  description = "Seconds ECS ignores the NLB's health checks of a new responder task while it starts."
  type        = number
  default     = 90
}

variable "ecs_cluster_arn" {
  description = "ECS cluster to run in; empty creates one named after var.name."
  type        = string
  default     = ""
}

variable "desired_count" {
  description = "Responder tasks (spread over the subnets); 2 keeps the endpoint answering through a task replacement."
  type        = number
  default     = 2
}

variable "cpu" {
  description = "Fargate CPU units per task."
  type        = number
  default     = 512
}

variable "memory" {
  description = "Fargate memory per task, MiB (at least 1024): the JVM gets half as heap, an eighth as direct memory, 128 MiB metaspace."
  type        = number
  default     = 1024

  validation {
    condition     = var.memory >= 1024
    error_message = "memory: at least 1024 MiB."
  }
}

variable "log_retention_days" {
  description = "Retention of the responder's log group."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags on every resource, e.g. { environment = \"production\" }."
  type        = map(string)
  default     = {}
}
