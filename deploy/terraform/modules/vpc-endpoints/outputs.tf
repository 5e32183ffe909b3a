output "security_group_id" {
  description = "The endpoints' security group."
  value       = aws_security_group.endpoints.id
}

output "endpoint_ids" {
  description = "The interface endpoints by service, and s3 for the gateway endpoint."
  value       = merge({ for s, ep in aws_vpc_endpoint.interface : s => ep.id }, { for ep in aws_vpc_endpoint.s3 : "s3" => ep.id })
}
