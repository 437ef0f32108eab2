# The internal Network Load Balancer behind the API's VPC link, in front of the orders service.
resource "aws_lb" "internal" {
  name               = "orders-internal"
  internal           = true
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d4e5f60718"]
}

resource "aws_lb_listener" "orders" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 8080
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.orders.arn
  }
}

resource "aws_lb_target_group" "orders" {
  name        = "orders"
  port        = 8080
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_lb_target_group_attachment" "orders" {
  target_group_arn = aws_lb_target_group.orders.arn
  target_id        = "10.0.8.10"
  port             = 8080
}

resource "aws_api_gateway_vpc_link" "orders" {
  name        = "orders"
  target_arns = [aws_lb.internal.arn]
}
