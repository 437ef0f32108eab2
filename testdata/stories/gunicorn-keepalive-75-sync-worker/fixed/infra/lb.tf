# The public Application Load Balancer in front of the Django app. Its idle timeout is
# raised to 120 seconds for slow uploads, so it keeps idle connections to the app that long.
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  internal           = false
  idle_timeout       = 120
  subnets            = ["subnet-0a1b2c3d4e5f60718", "subnet-1b2c3d4e5f6071829"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
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
  target_id        = "10.0.7.10"
}
