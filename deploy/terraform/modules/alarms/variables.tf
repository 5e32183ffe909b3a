variable "agent" {
  description = "The prober's agent name (pathwatch.agent.name): the agent dimension of its metrics."
  type        = string
}

variable "paths" {
  description = "The path names to alarm on (the path dimension)."
  type        = list(string)
}

variable "namespace" {
  description = "The CloudWatch namespace pathwatch publishes to."
  type        = string
  default     = "Pathwatch"
}

variable "rtt_p99_threshold_ms" {
  description = "Alarm when a path's RTT p99 (CloudWatch's own percentile of pathwatch's value/count arrays) stays above this, ms; per path, with \"default\" for the rest."
  type        = map(number)
  default     = { default = 400 }
}

variable "alarm_actions" {
  description = "Where alarm and OK notifications go, e.g. [aws_sns_topic.pathwatch.arn]."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags on every alarm."
  type        = map(string)
  default     = {}
}
