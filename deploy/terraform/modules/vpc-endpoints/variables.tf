variable "name" {
  description = "Prefix of the resource names, e.g. \"pathwatch-prod-apse2\"."
  type        = string
}

variable "vpc_id" {
  description = "The VPC the tasks run in."
  type        = string
}

variable "subnet_ids" {
  description = "The tasks' private subnets, at most one per availability zone (an interface endpoint takes one subnet per AZ): one endpoint network interface in each."
  type        = list(string)
}

variable "route_table_ids" {
  description = "The route tables of those subnets, for the S3 gateway endpoint (image layers); empty leaves the S3 endpoint out (one already exists)."
  type        = list(string)
}

variable "interface_services" {
  description = "The AWS APIs to reach, as the last part of the endpoint service name: the prober needs ecr.api, ecr.dkr, logs, secretsmanager, monitoring (CloudWatch), sns, ec2 (discovery) and ssmmessages (ECS Exec); the responder ecr.api, ecr.dkr, logs and secretsmanager. A VPC holds one private-DNS endpoint per service: where another deployment in the same VPC already made one, leave it out here."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "The tasks' security groups, let in on 443."
  type        = list(string)
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}

variable "client_cidr_blocks" {
  description = "Address blocks also let in on 443, e.g. the subnets where another deployment's tasks (UAT beside production) use these endpoints instead of making their own; empty: only client_security_group_ids."
  type        = list(string)
  default     = []
}
