# production: its own state (production.s3.tfbackend); example values.
environment         = "prod"
provider_profile    = "pathwatch-provider"
consumer_profile    = "pathwatch-consumer-prod"
provider_account_id = "123456789012"
consumer_account_id = "210987654321"
consumer_principal  = "arn:aws:iam::210987654321:root"
provider_networks = {
  "us-east-1"      = { vpc_id = "vpc-0a1b2c3d4e5f60001", subnet_ids = ["subnet-0a1b2c3d4e5f6011", "subnet-0a1b2c3d4e5f6012"], subnet_cidr_blocks = ["10.10.1.0/24", "10.10.2.0/24"], route_table_ids = ["rtb-0a1b2c3d4e5f60001"] }
  "us-west-2"      = { vpc_id = "vpc-0b1b2c3d4e5f60001", subnet_ids = ["subnet-0b1b2c3d4e5f6011", "subnet-0b1b2c3d4e5f6012"], subnet_cidr_blocks = ["10.11.1.0/24", "10.11.2.0/24"], route_table_ids = ["rtb-0b1b2c3d4e5f60001"] }
  "ap-southeast-1" = { vpc_id = "vpc-0c1b2c3d4e5f60001", subnet_ids = ["subnet-0c1b2c3d4e5f6011", "subnet-0c1b2c3d4e5f6012"], subnet_cidr_blocks = ["10.12.1.0/24", "10.12.2.0/24"], route_table_ids = ["rtb-0c1b2c3d4e5f60001"] }
  "ap-southeast-2" = { vpc_id = "vpc-0d1b2c3d4e5f60001", subnet_ids = ["subnet-0d1b2c3d4e5f6011", "subnet-0d1b2c3d4e5f6012"], subnet_cidr_blocks = ["10.13.1.0/24", "10.13.2.0/24"], route_table_ids = ["rtb-0d1b2c3d4e5f60001"] }
}
provider_images = {
  "us-east-1"      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/pathwatch:1.0.0"
  "us-west-2"      = "123456789012.dkr.ecr.us-west-2.amazonaws.com/pathwatch:1.0.0"
  "ap-southeast-1" = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/pathwatch:1.0.0"
  "ap-southeast-2" = "123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
}
provider_auth_secret_arns = {
  "us-east-1"      = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pathwatch-prod-AbCdEf"
  "us-west-2"      = "arn:aws:secretsmanager:us-west-2:123456789012:secret:pathwatch-prod-AbCdEf"
  "ap-southeast-1" = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:pathwatch-prod-AbCdEf"
  "ap-southeast-2" = "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:pathwatch-prod-AbCdEf"
}
consumer_vpc_id          = "vpc-0e1b2c3d4e5f60001"
consumer_subnet_ids      = ["subnet-0e1b2c3d4e5f6011", "subnet-0e1b2c3d4e5f6012"]
consumer_route_table_ids = ["rtb-0e1b2c3d4e5f60001"]
consumer_image           = "210987654321.dkr.ecr.ap-southeast-2.amazonaws.com/pathwatch:1.0.0"
consumer_auth_secret_arn = "arn:aws:secretsmanager:ap-southeast-2:210987654321:secret:pathwatch-prod-XyZ123"
# the consumer subnets route through a NAT gateway: the internet path can connect
internet_target = "feed-pathwatch.provider.example:443"
internet_egress = true
