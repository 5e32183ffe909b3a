variable "name" {
  description = "Name of the role (\"<deployment>-responder-exec\", \"<deployment>-prober-exec\"); at most 64 characters."
  type        = string

  validation {
    condition     = length(var.name) <= 64
    error_message = "An IAM role name has at most 64 characters."
  }
}

variable "repository_arns" {
  description = "The ECR repositories the task's image comes from: the only ones the role may pull from."
  type        = list(string)
}

variable "log_group_arn" {
  description = "The task's log group (its ARN without \":*\"): the only one the role may write."
  type        = string
}

variable "secret_arns" {
  description = "The Secrets Manager secrets the task definition passes as secrets: the only ones the role may read."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "The customer managed KMS key the secrets are encrypted with; empty (the AWS managed key) grants no kms:Decrypt."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags on the role."
  type        = map(string)
  default     = {}
}
