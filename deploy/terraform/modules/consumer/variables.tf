variable "name" {
  description = "Prefix of every resource name and the agent's name, e.g. \"pathwatch-prod-apse2\"; one deployment per environment (Production and UAT apart)."
  type        = string
}

variable "vpc_id" {
  description = "The consumer VPC the interface endpoints and the prober run in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the interface endpoints and the prober task."
  type        = list(string)
}

variable "endpoint_services" {
  description = "The paths to probe: path name => the responder's endpoint service, its region (cross-region PrivateLink when not this one) and the destination it leads to."
  type = map(object({
    service_name   = string
    service_region = string
    destination    = string
  }))
}

variable "responder_port" {
  description = "The responders' TCP port."
  type        = number
  default     = 7100
}

variable "extra_paths" {
  description = "More paths that need no endpoint (e.g. the stunnel client on the internet path): name => { target = \"host:port\", via = \"stunnel\", destination = \"feed\" }."
  type = map(object({
    target      = string
    via         = string
    destination = string
  }))
  default = {}
}

variable "discovery_enabled" {
  description = "Let the prober adopt interface VPC endpoints tagged pathwatch:path as paths (pathwatch.discovery.aws.vpc-endpoints.enabled); adds ec2:DescribeVpcEndpoints to the task role."
  type        = bool
  default     = false
}

variable "discovery_vpc_ids" {
  description = "The only VPCs whose endpoints discovery adopts (pathwatch.discovery.aws.vpc-ids); empty = var.vpc_id. Never list another environment's VPC."
  type        = list(string)
  default     = []
}

variable "image" {
  description = "The pathwatch container image (built from the repository's Dockerfile)."
  type        = string
}

variable "auth_secret_arn" {
  description = "Secrets Manager secret holding pathwatch.auth.secret (the same value as the responders')."
  type        = string
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
  description = "Fargate memory of the prober task, MiB."
  type        = number
  default     = 2048
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
