variable "name" {
  description = "Name of the role (\"<deployment>-responder-execution\", \"<deployment>-prober-execution\")."
  type        = string
}

variable "auth_secret_arn" {
  description = "Secrets Manager secret holding pathwatch.auth.secret: the only thing the role may read."
  type        = string
}

variable "tags" {
  description = "Tags on the role."
  type        = map(string)
  default     = {}
}
