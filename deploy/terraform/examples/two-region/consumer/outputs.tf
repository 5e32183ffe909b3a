output "endpoint_ids" {
  description = "This environment's endpoints: give them to the provider deployment (accepted_endpoint_ids)."
  value       = module.consumer.endpoint_ids
}

output "endpoint_dns_names" {
  description = "Each PrivateLink path's endpoint DNS name."
  value       = module.consumer.endpoint_dns_names
}

output "security_group_ids" {
  description = "The prober's and the endpoints' security groups."
  value       = { prober = module.consumer.prober_security_group_id, endpoints = module.consumer.endpoints_security_group_id }
}

output "task_role_arn" {
  description = "The prober's task role."
  value       = module.consumer.task_role_arn
}

output "log_group_name" {
  description = "The prober's log group."
  value       = module.consumer.log_group_name
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = module.consumer.cluster_name
}

output "service_name" {
  description = "The prober's ECS service (ECS Exec: deploy/README.md)."
  value       = module.consumer.service_name
}

output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = module.alarms.dashboard_name
}

output "alerts_topic_arn" {
  description = "Subscribe people and systems to this topic."
  value       = aws_sns_topic.alerts.arn
}
