output "agent" {
  description = "The prober's agent name (the agent dimension of its metrics)."
  value       = var.name
}

output "paths" {
  description = "The probed paths' names, for the alarms module."
  value       = concat(keys(var.endpoint_services), keys(var.extra_paths))
}

output "endpoint_dns_names" {
  description = "Each path's interface endpoint DNS name."
  value       = { for name, ep in aws_vpc_endpoint.path : name => ep.dns_entry[0].dns_name }
}

output "prober_security_group_id" {
  description = "The prober's security group: endpoints created outside this module (e.g. for discovery) must let it in on the responder port."
  value       = aws_security_group.prober.id
}
