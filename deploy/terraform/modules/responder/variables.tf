variable "name" {
  description = "Prefix of every resource name, e.g. \"pathwatch-prod-use1\"; one per deployment (Production and UAT apart)."
  type        = string
}

variable "vpc_id" {
  description = "The provider-facing VPC the responder and its NLB run in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the NLB and the tasks (one per availability zone the endpoint service should serve)."
  type        = list(string)
}

variable "vpc_cidr_blocks" {
  description = "CIDR blocks allowed to reach the responder port: the VPC's own (the NLB's health checks and PrivateLink traffic arrive from its private addresses)."
  type        = list(string)
}

variable "image" {
  description = "The pathwatch container image (built from the repository's Dockerfile), e.g. \"123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0\"."
  type        = string
}

variable "auth_secret_arn" {
  description = "Secrets Manager secret holding pathwatch.auth.secret (the same value as the consumer's)."
  type        = string
}

variable "allowed_principals" {
  description = "IAM principals (consumer account roots or roles) allowed to create endpoints to this endpoint service, e.g. [\"arn:aws:iam::210987654321:root\"]."
  type        = list(string)
}

variable "supported_regions" {
  description = "Regions whose consumers may connect through cross-region PrivateLink, e.g. [\"ap-southeast-2\"]; empty: only this region."
  type        = list(string)
  default     = []
}

variable "acceptance_required" {
  description = "Whether each consumer endpoint connection must be accepted by hand."
  type        = bool
  default     = false
}

variable "responder_port" {
  description = "The responder's TCP port, on the tasks and on the NLB listener."
  type        = number
  default     = 7100
}

variable "proxy_protocol" {
  description = "PROXY protocol v2 from the NLB to the responder (the target group's proxy_protocol_v2 and pathwatch.responder.proxy-protocol=v2 on the tasks): the responder then counts and lists each client by its own address, and accepts the header only from the subnets' CIDR blocks (pathwatch.responder.proxy-trusted-from); without it every client is the NLB's address (PrivateLink always hides the client's). The target group and the tasks change in the same apply; until both have, new connections are refused."
  type        = bool
  default     = false
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
  description = "Fargate memory per task, MiB."
  type        = number
  default     = 1024
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
