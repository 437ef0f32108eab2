# The public Application Load Balancer in front of the API. idle_timeout is not set, so the
# ALB keeps idle connections to its targets for the default 60 seconds.
resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "application"
  internal           = false
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_target_group" "app" {
  name        = "app"
  port        = 8000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = "10.0.8.10"
}
