output "endpoint_services" {
  description = "The endpoint service of each candidate region."
  value = {
    "us-east-1"      = module.responder_use1.endpoint_service_name
    "us-west-2"      = module.responder_usw2.endpoint_service_name
    "ap-southeast-1" = module.responder_apse1.endpoint_service_name
    "ap-southeast-2" = module.responder_apse2.endpoint_service_name
  }
}

output "endpoint_dns_names" {
  description = "The consumer's endpoint DNS name per path."
  value       = module.consumer.endpoint_dns_names
}

output "prober" {
  description = "The prober's cluster, service, task role, log group and security group."
  value = {
    cluster        = module.consumer.cluster_name
    service        = module.consumer.service_name
    task_role_arn  = module.consumer.task_role_arn
    log_group      = module.consumer.log_group_name
    security_group = module.consumer.prober_security_group_id
  }
}

output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = module.alarms.dashboard_name
}

output "alerts_topic_arn" {
  description = "Subscribe people and systems to this topic."
  value       = aws_sns_topic.alerts.arn
}
