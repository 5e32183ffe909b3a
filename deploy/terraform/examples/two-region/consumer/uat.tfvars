# uat: its own consumer account (310987654321) and state (uat.s3.tfbackend); example values.
environment     = "uat"
aws_profile     = "pathwatch-consumer-uat"
account_id      = "310987654321"
vpc_id          = "vpc-0e2b2c3d4e5f60001"
subnet_ids      = ["subnet-0e2b2c3d4e5f60011", "subnet-0e2b2c3d4e5f60012"]
route_table_ids = ["rtb-0e2b2c3d4e5f60021"]
image           = "310987654321.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:310987654321:secret:pathwatch-auth-XyZ123"
# the provider deployment's endpoint_service_name output, and the feed's own endpoint service
endpoint_services = {
  "privatelink-use1" = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", service_region = "us-east-1", destination = "feed" }
  "feed-use1"        = { service_name = "com.amazonaws.vpce.us-east-1.vpce-svc-0fedcba9876543210", service_region = "us-east-1", destination = "feed" }
}
# no NAT in UAT: the AWS APIs through VPC endpoints, and no internet path (it would need
# internet_egress = true, i.e. a NAT gateway; deploy/README.md)
api_token_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:310987654321:secret:pathwatch-api-token-AbC123"
operator_cidr_blocks = ["10.99.0.0/16"]
