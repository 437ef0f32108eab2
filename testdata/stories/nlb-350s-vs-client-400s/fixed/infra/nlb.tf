# The public Network Load Balancer passes TCP through to the edge proxies.
resource "aws_lb" "edge" {
  name               = "edge"
  load_balancer_type = "network"
  subnets            = ["subnet-0a1b2c3d4e5f60718"]
}

resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.edge.arn
  port              = 443
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.edge.arn
  }
}

resource "aws_lb_target_group" "edge" {
  name        = "edge"
  port        = 443
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_lb_target_group_attachment" "edge" {
  target_group_arn = aws_lb_target_group.edge.arn
  target_id        = "10.0.7.10"
}
