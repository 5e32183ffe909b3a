output "endpoint_service_id" {
  description = "Own-NLB layout: the endpoint service's id (vpce-svc-…); null with an existing NLB."
  value       = one(aws_vpc_endpoint_service.responder[*].id)
}

output "endpoint_service_name" {
  description = "Own-NLB layout: the endpoint service's name (com.amazonaws.vpce.<region>.vpce-svc-…) for the consumers' endpoints; null with an existing NLB (use the feed's)."
  value       = one(aws_vpc_endpoint_service.responder[*].service_name)
}

output "region" {
  description = "The region the responder is in (a consumer elsewhere sets it as service_region)."
  value       = data.aws_region.current.id
}

output "responder_port" {
  description = "The port consumers connect to."
  value       = var.responder_port
}

output "target_group_arn" {
  description = "The responders' target group (target health: aws elbv2 describe-target-health)."
  value       = aws_lb_target_group.responder.arn
}

output "security_group_id" {
  description = "Own-NLB layout: the tasks' security group."
  value       = one(aws_security_group.responder[*].id)
}

output "log_group_name" {
  description = "Own-NLB layout: the responders' log group."
  value       = one(aws_cloudwatch_log_group.responder[*].name)
}

output "cluster_name" {
  description = "Own-NLB layout: the ECS cluster (its ARN when one was passed in)."
  value       = var.ecs_cluster_arn == "" ? one(aws_ecs_cluster.this[*].name) : var.ecs_cluster_arn
}

output "service_name" {
  description = "Own-NLB layout: the ECS service."
  value       = one(aws_ecs_service.responder[*].name)
}
