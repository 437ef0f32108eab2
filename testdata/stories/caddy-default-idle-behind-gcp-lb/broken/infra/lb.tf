# Google's global external Application Load Balancer in front of the web servers'
# instance group: forwarding rule -> target proxy -> URL map -> backend service.
resource "google_compute_global_forwarding_rule" "web" {
  name       = "web"
  target     = google_compute_target_http_proxy.web.id
  port_range = "80"
}

resource "google_compute_target_http_proxy" "web" {
  name    = "web"
  url_map = google_compute_url_map.web.id
}

resource "google_compute_url_map" "web" {
  name            = "web"
  default_service = google_compute_backend_service.web.id
}

# The load balancer keeps idle connections to these backends for 600 s (fixed by Google).
resource "google_compute_backend_service" "web" { # want TOL101 "600s.*but web closes idle connections after 300s"
  name        = "web"
  protocol    = "HTTP"
  timeout_sec = 30

  backend {
    group = google_compute_instance_group.web.self_link
  }
}

resource "google_compute_instance_group" "web" {
  name      = "web"
  zone      = "europe-west1-b"
  instances = ["projects/shop/zones/europe-west1-b/instances/web-1"]
}
