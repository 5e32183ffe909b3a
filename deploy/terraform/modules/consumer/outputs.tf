output "agent" {
  description = "The prober's agent name (the agent dimension of its metrics)."
  value       = var.name
}

output "paths" {
  description = "The probed paths' names known at plan time, for the alarms module."
  value       = concat(keys(var.endpoint_services), keys(var.extra_paths))
}

output "endpoint_ids" {
  description = "Each path's interface endpoint id: hand them to the provider side to accept (acceptance_required)."
  value       = { for name, ep in aws_vpc_endpoint.path : name => ep.id }
}

output "endpoint_dns_names" {
  description = "Each path's interface endpoint DNS name (regional)."
  value       = { for name, ep in aws_vpc_endpoint.path : name => ep.dns_entry[0].dns_name }
}

output "prober_security_group_id" {
  description = "The prober's security group: endpoints created outside this module must let it in on the responder port."
  value       = aws_security_group.prober.id
}

output "endpoints_security_group_id" {
  description = "The endpoints' security group."
  value       = aws_security_group.endpoints.id
}

output "task_role_arn" {
  description = "The prober's task role."
  value       = aws_iam_role.task.arn
}

output "log_group_name" {
  description = "The prober's log group."
  value       = aws_cloudwatch_log_group.prober.name
}

output "cluster_name" {
  description = "The ECS cluster (its ARN when one was passed in)."
  value       = var.ecs_cluster_arn == "" ? aws_ecs_cluster.this[0].name : var.ecs_cluster_arn
}

output "service_name" {
  description = "The prober's ECS service."
  value       = aws_ecs_service.prober.name
}

output "state_file_system_id" {
  description = "The EFS file system holding the state; null without state_on_efs."
  value       = one(aws_efs_file_system.state[*].id)
}
