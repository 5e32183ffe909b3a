output "endpoint_service_name" {
  description = "The endpoint service's name (com.amazonaws.vpce.<region>.vpce-svc-…), for the consumer's interface endpoints."
  value       = aws_vpc_endpoint_service.responder.service_name
}

output "region" {
  description = "The region the endpoint service is in."
  value       = data.aws_region.current.region
}

output "responder_port" {
  description = "The port consumers connect to."
  value       = var.responder_port
}
