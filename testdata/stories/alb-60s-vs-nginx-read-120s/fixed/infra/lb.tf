# The public Application Load Balancer in front of the edge nginx.
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"]
  idle_timeout       = 130
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.edge.arn
  }
}

resource "aws_lb_target_group" "edge" {
  name        = "edge"
  port        = 80
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_lb_target_group_attachment" "edge" {
  target_group_arn = aws_lb_target_group.edge.arn
  target_id        = "10.0.3.10"
}
