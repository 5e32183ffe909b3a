output "endpoint_service_id" {
  description = "The endpoint service (vpce-svc-…): its connections list shows each consumer endpoint and its state."
  value       = module.responder.endpoint_service_id
}

output "endpoint_service_name" {
  description = "Hand this to the consumer deployments (endpoint_services[…].service_name)."
  value       = module.responder.endpoint_service_name
}

output "target_group_arns" {
  description = "The responders' target groups, for target health (own NLB, and the feed's NLB when set)."
  value       = concat([module.responder.target_group_arn], [for m in module.feed_path : m.target_group_arn])
}

output "security_group_id" {
  description = "The responder tasks' security group."
  value       = module.responder.security_group_id
}

output "log_group_name" {
  description = "The responders' log group."
  value       = module.responder.log_group_name
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = module.responder.cluster_name
}

output "service_name" {
  description = "The responders' ECS service."
  value       = module.responder.service_name
}
