# production: its own consumer account (210987654321) and state (production.s3.tfbackend); example values.
environment     = "prod"
aws_profile     = "pathwatch-consumer-prod"
account_id      = "210987654321"
vpc_id          = "vpc-0e1b2c3d4e5f60001"
subnet_ids      = ["subnet-0e1b2c3d4e5f60011", "subnet-0e1b2c3d4e5f60012"]
route_table_ids = ["rtb-0e1b2c3d4e5f60021"]
image           = "210987654321.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:210987654321:secret:pathwatch-auth-XyZ123"
# the provider deployment's endpoint_service_name output, and the feed's own endpoint service
endpoint_services = {
  "privatelink-use1" = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", service_region = "us-east-1", destination = "feed" }
  "feed-use1"        = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210", service_region = "us-east-1", destination = "feed" }
}
# production's subnets route through a NAT gateway: it carries the internet path and the AWS APIs
internet_target          = "feed-pathwatch.provider.example:443"
internet_egress          = true
create_vpc_endpoints     = false
api_token_secret_arn     = "arn:aws:secretsmanager:ap-southeast-2:210987654321:secret:pathwatch-api-token-AbC123"
previous_auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:210987654321:secret:pathwatch-auth-previous-QwE456"
kms_key_arn              = "arn:aws:kms:ap-southeast-2:210987654321:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
