# uat: its own state (uat.s3.tfbackend); example values.
environment         = "uat"
provider_profile    = "pathwatch-provider"
consumer_profile    = "pathwatch-consumer-uat"
provider_account_id = "123456789012"
consumer_account_id = "310987654321"
consumer_principal  = "arn:aws:iam::310987654321:root"
# its own provider VPCs, so that nothing of production's is needed here (a provider with one VPC per
# region: set create_provider_vpc_endpoints = false here and make the API endpoints outside both states)
provider_networks = {
  "us-east-1"      = { vpc_id = "vpc-0a2b2c3d4e5f60002", subnet_ids = ["subnet-0a2b2c3d4e5f6021", "subnet-0a2b2c3d4e5f6022"], subnet_cidr_blocks = ["10.20.1.0/24", "10.20.2.0/24"], route_table_ids = ["rtb-0a2b2c3d4e5f60002"] }
  "us-west-2"      = { vpc_id = "vpc-0b2b2c3d4e5f60002", subnet_ids = ["subnet-0b2b2c3d4e5f6021", "subnet-0b2b2c3d4e5f6022"], subnet_cidr_blocks = ["10.21.1.0/24", "10.21.2.0/24"], route_table_ids = ["rtb-0b2b2c3d4e5f60002"] }
  "ap-southeast-1" = { vpc_id = "vpc-0c2b2c3d4e5f60002", subnet_ids = ["subnet-0c2b2c3d4e5f6021", "subnet-0c2b2c3d4e5f6022"], subnet_cidr_blocks = ["10.22.1.0/24", "10.22.2.0/24"], route_table_ids = ["rtb-0c2b2c3d4e5f60002"] }
  "ap-southeast-2" = { vpc_id = "vpc-0d2b2c3d4e5f60002", subnet_ids = ["subnet-0d2b2c3d4e5f6021", "subnet-0d2b2c3d4e5f6022"], subnet_cidr_blocks = ["10.23.1.0/24", "10.23.2.0/24"], route_table_ids = ["rtb-0d2b2c3d4e5f60002"] }
}
provider_images = {
  "us-east-1"      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0"
  "us-west-2"      = "123456789012.dkr.ecr.us-west-2.amazonaws.com/pathwatch:1.0.0"
  "ap-southeast-1" = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/pathwatch:1.0.0"
  "ap-southeast-2" = "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
}
provider_auth_secret_arns = {
  "us-east-1"      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "us-west-2"      = "arn:aws:secretsmanager:us-west-2:123456789012:secret:pathwatch-uat-AbCdEf"
  "ap-southeast-1" = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:pathwatch-uat-AbCdEf"
  "ap-southeast-2" = "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:pathwatch-uat-AbCdEf"
}
consumer_vpc_id          = "vpc-0e2b2c3d4e5f60002"
consumer_subnet_ids      = ["subnet-0e2b2c3d4e5f6011", "subnet-0e2b2c3d4e5f6012"]
consumer_route_table_ids = ["rtb-0e2b2c3d4e5f60002"]
consumer_image           = "310987654321.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
consumer_auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:310987654321:secret:pathwatch-uat-XyZ123"
# the consumer subnets route through a NAT gateway: the internet path can connect
internet_target = "feed-pathwatch.provider.example:443"
internet_egress = true
