package terraform

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolint/tolint/graph"
	"github.com/tolint/tolint/parsers/internal/parsertest"
)

const albFiles = `resource "aws_lb" "api" {
  name               = "api"
  load_balancer_type = "application"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

resource "aws_lb_listener_rule" "static" {
  listener_arn = aws_lb_listener.http.arn
  action {
    type = "forward"
    forward {
      target_group {
        arn = aws_lb_target_group.static.arn
      }
    }
  }
}

resource "aws_lb_target_group" "app" {
  port     = 3000
  protocol = "HTTP"
}

resource "aws_lb_target_group" "static" {
  port = 8080
}

resource "aws_lb_target_group_attachment" "app" {
  target_group_arn = aws_lb_target_group.app.arn
  target_id        = "10.0.4.10"
}

resource "aws_lb_target_group_attachment" "instance" {
  target_group_arn = aws_lb_target_group.static.arn
  target_id        = "i-0123456789abcdef0"
}
`

func TestALB(t *testing.T) {
	frs := parseTree(t, map[string]string{"infra/lb.tf": albFiles})
	if len(frs) != 1 || len(frs[0].Diags) != 0 {
		t.Fatalf("fragments %d, diagnostics %q", len(frs), diags(frs))
	}
	h := hopByID(t, frs, "infra/lb.tf#aws_lb.api")
	if h.Kind != graph.Proxy || h.Software != "aws-alb" || h.Pos.String() != "infra/lb.tf:1:1" {
		t.Errorf("hop %s %s at %s", h.Kind, h.Software, h.Pos)
	}
	l := parsertest.Listener(t, h, "aws_lb_listener.http")
	if got := addrs(l.Addrs); got != "*:80@infra/lb.tf:8:23" {
		t.Errorf("listener addresses %s", got)
	}
	if got := describe(l.Idle); got != "60s default infra/lb.tf:1:1" {
		t.Errorf("listener idle %s", got)
	}
	app := parsertest.Pool(t, h, "aws_lb_target_group.app")
	if got := addrs(app.Targets); got != "10.0.4.10:3000@infra/lb.tf:38:22" {
		t.Errorf("targets %s", got)
	}
	if describe(app.Idle) != "60s default infra/lb.tf:1:1" || describe(app.Request) != "60s default infra/lb.tf:1:1" || app.RequestKind != graph.PerRead ||
		!app.Reuse.Value || app.Connect.Value.D != 10*time.Second {
		t.Errorf("pool idle %s, request %s, reuse %v, connect %s", describe(app.Idle), describe(app.Request), app.Reuse.Value, app.Connect.Value)
	}
	if got := addrs(parsertest.Pool(t, h, "aws_lb_target_group.static").Targets); got != "" {
		t.Errorf("an instance id became a target: %s", got)
	}
	want := "aws_lb_listener.http->aws_lb_target_group.app@infra/lb.tf:11:24,aws_lb_listener.http->aws_lb_target_group.static@infra/lb.tf:21:15"
	if got := routes(h); got != want {
		t.Errorf("routes %s", got)
	}
}

func TestValues(t *testing.T) {
	lb := func(idle string) string {
		return `resource "aws_lb" "api" {
  idle_timeout = ` + idle + `
}
`
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
		diags []string
	}{
		{"literal", map[string]string{"lb.tf": lb("120")}, "120s explicit lb.tf:2:18", nil},
		{"string number", map[string]string{"lb.tf": lb(`"120"`)}, "120s explicit lb.tf:2:18", nil},
		{"variable default", map[string]string{"lb.tf": lb("var.idle"), "variables.tf": "variable \"idle\" {\n  default = 90\n}\n"},
			"90s explicit variables.tf:2:13 from var.idle (default)", nil},
		{"terraform.tfvars wins over the default", map[string]string{"lb.tf": lb("var.idle"),
			"variables.tf": "variable \"idle\" {\n  default = 90\n}\n", "terraform.tfvars": "# edit here\nidle = 300\n"},
			"300s explicit terraform.tfvars:2:8 from var.idle (terraform.tfvars)", nil},
		{"auto.tfvars after terraform.tfvars", map[string]string{"lb.tf": lb("var.idle"), "variables.tf": "variable \"idle\" {}\n",
			"terraform.tfvars": "idle = 300\n", "prod.auto.tfvars.json": `{"idle": 400}`},
			"400s explicit prod.auto.tfvars.json:1:10 from var.idle (prod.auto.tfvars.json)", nil},
		{"interpolated variable", map[string]string{"lb.tf": lb(`"${var.idle}"`), "variables.tf": "variable \"idle\" {\n  default = 90\n}\n"},
			"90s explicit variables.tf:2:13 from var.idle (default)", nil},
		{"local through a variable", map[string]string{"lb.tf": lb("local.idle"),
			"locals.tf": "locals {\n  idle = var.idle\n}\nvariable \"idle\" {\n  default = 45\n}\n"},
			"45s explicit locals.tf:5:13 from var.idle (default) via local.idle", nil},
		{"functions", map[string]string{"lb.tf": lb(`max(local.base, tonumber(lookup(var.m, "x", "5")), try(var.m.nope, 1))`),
			"locals.tf": "locals {\n  base = min(30, length(concat([1], [2])) * 100)\n}\nvariable \"m\" {\n  default = { x = \"50\" }\n}\n"},
			"50s explicit lb.tf:2:18", nil},
		{"coalesce and format", map[string]string{"lb.tf": lb(`tonumber(format("%d", coalesce(null, 70)))`)}, "70s explicit lb.tf:2:18", nil},
		{"data source is unknown", map[string]string{"lb.tf": lb("data.aws_ssm_parameter.idle.value")},
			"unknown lb.tf:2:18 unknown until terraform apply: data.aws_ssm_parameter.idle.value", nil},
		{"variable without value is unknown", map[string]string{"lb.tf": lb("var.idle"), "v.tf": "variable \"idle\" {\n  type = number\n}\n"},
			"unknown lb.tf:2:18 unknown until terraform apply: var.idle", nil},
		{"unknown function is unknown", map[string]string{"lb.tf": lb(`jsondecode(file("x.json")).idle`)},
			`unknown lb.tf:2:18 unknown until terraform apply: jsondecode(file("x.json")).idle`, nil},
		{"null default reads as absent", map[string]string{"lb.tf": lb("var.idle"), "v.tf": "variable \"idle\" {\n  default = null\n}\n"},
			"60s default lb.tf:1:1", nil},
		{"not a number", map[string]string{"lb.tf": lb(`"a minute"`)}, "0s unset lb.tf:0",
			[]string{`lb.tf:2:18: parse: idle_timeout: want a whole number of seconds, got "a minute"`}},
		{"negative", map[string]string{"lb.tf": lb(`-5`)}, "0s unset lb.tf:0",
			[]string{`lb.tf:2:18: parse: idle_timeout: want a whole number of seconds, got -5`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			frs := parseTree(t, tt.files)
			h := hopByID(t, frs, "lb.tf#aws_lb.api")
			got := "0s unset lb.tf:0"
			if len(h.Pools) == 0 && len(h.Listeners) == 0 {
				// No listener: read the setting the way the listener would.
				frs = parseTree(t, withListener(tt.files))
				h = hopByID(t, frs, "lb.tf#aws_lb.api")
			}
			if idle := h.Listeners[0].Idle; idle.Key != "" || idle.Origin != graph.Unset {
				got = describe(idle)
			}
			if got != tt.want {
				t.Errorf("idle %q, want %q", got, tt.want)
			}
			if d := diags(frs); !slices.Equal(d, tt.diags) {
				t.Errorf("diagnostics %q, want %q", d, tt.diags)
			}
		})
	}
}

func withListener(files map[string]string) map[string]string {
	out := map[string]string{"listener.tf": "resource \"aws_lb_listener\" \"l\" {\n  load_balancer_arn = aws_lb.api.arn\n  port = 443\n}\n"}
	for k, v := range files {
		out[k] = v
	}
	return out
}

func TestNLB(t *testing.T) {
	frs := parseTree(t, map[string]string{"nlb.tf": `resource "aws_lb" "n" {
  load_balancer_type = "network"
  count              = 2
}
resource "aws_lb_listener" "tcp" {
  load_balancer_arn = aws_lb.n[0].arn
  port              = 5432
  protocol          = "TCP"
}
resource "aws_lb_listener" "long" {
  load_balancer_arn        = aws_lb.n[0].arn
  port                     = 6379
  protocol                 = "TCP"
  tcp_idle_timeout_seconds = 6000
  default_action {
    target_group_arn = aws_lb_target_group.redis.arn
  }
}
resource "aws_lb_listener" "dns" {
  load_balancer_arn = aws_lb.n[0].arn
  port              = 53
  protocol          = "UDP"
}
resource "aws_lb_target_group" "redis" {
  port = 6379
}
resource "aws_lb_target_group_attachment" "r" {
  target_group_arn = aws_lb_target_group.redis.arn
  target_id        = "10.1.0.7"
}
`})
	h := hopByID(t, frs, "nlb.tf#aws_lb.n")
	if h.Kind != graph.L4 || h.Software != "aws-nlb" {
		t.Errorf("hop %s %s", h.Kind, h.Software)
	}
	for name, want := range map[string]string{
		"aws_lb_listener.tcp":  "350s default nlb.tf:5:1",
		"aws_lb_listener.long": "6000s explicit nlb.tf:14:30",
		"aws_lb_listener.dns":  "unknown -",
	} {
		if got := describe(parsertest.Listener(t, h, name).Idle); got != want {
			t.Errorf("%s idle %s, want %s", name, got, want)
		}
	}
	if got := addrs(parsertest.Pool(t, h, "aws_lb_target_group.redis").Targets); got != "10.1.0.7:6379@nlb.tf:29:22" {
		t.Errorf("targets %s", got)
	}
	if got := diags(frs); !slices.Equal(got, []string{"nlb.tf:3:24: not-inspected: aws_lb.n has count: its instances are read as one"}) {
		t.Errorf("diagnostics %q", got)
	}
}

func TestClassicELB(t *testing.T) {
	frs := parseTree(t, map[string]string{"elb.tf": `resource "aws_elb" "web" {
  idle_timeout = 400
  listener {
    lb_port           = 443
    lb_protocol       = "https"
    instance_port     = 8080
    instance_protocol = "http"
  }
  instances = [aws_instance.web.id]
}
resource "aws_elb" "plain" {
  listener {
    lb_port = 80
  }
}
resource "aws_elb" "dyn" {
  dynamic "listener" {
    for_each = var.ports
    content {
      lb_port = listener.value
    }
  }
  dynamic "listener" {
    for_each = data.x.y.ports
    content {
      lb_port = listener.value
    }
  }
}
variable "ports" {
  default = [80, 443]
}
`})
	h := hopByID(t, frs, "elb.tf#aws_elb.web")
	l := parsertest.Listener(t, h, "listener 443")
	if h.Kind != graph.Proxy || h.Software != "aws-elb" || describe(l.Idle) != "400s explicit elb.tf:2:18" ||
		describe(h.Pools[0].Idle) != "400s explicit elb.tf:2:18" || len(h.Pools[0].Targets) != 0 || routes(h) != "listener 443->aws_elb.web instances@elb.tf:3:3" {
		t.Errorf("hop %s %s, idle %s, pool %s, routes %s", h.Kind, h.Software, describe(l.Idle), describe(h.Pools[0].Idle), routes(h))
	}
	p := hopByID(t, frs, "elb.tf#aws_elb.plain")
	if describe(p.Listeners[0].Idle) != "60s default elb.tf:11:1" || describe(p.Pools[0].Idle) != "60s default elb.tf:11:1" ||
		!strings.Contains(p.Pools[0].Idle.Note, "back-end") {
		t.Errorf("defaults %s / %s", describe(p.Listeners[0].Idle), p.Pools[0].Idle.Note)
	}
	// Dynamic blocks are expanded when their for_each is known.
	var ports []string
	for _, l := range hopByID(t, frs, "elb.tf#aws_elb.dyn").Listeners {
		ports = append(ports, l.Name+"="+addrs(l.Addrs))
	}
	if got := strings.Join(ports, " "); !strings.HasPrefix(got, "listener 80=*:80@elb.tf:20:17 listener 443=*:443@elb.tf:20:17") {
		t.Errorf("dynamic listeners %s", got)
	}
}

func TestGoogle(t *testing.T) {
	frs := parseTree(t, map[string]string{"lb.tf": `resource "google_compute_global_forwarding_rule" "http" {
  target     = google_compute_target_http_proxy.web.id
  port_range = "80"
  ip_address = "34.1.2.3"
}
resource "google_compute_target_http_proxy" "web" {
  url_map = google_compute_url_map.web.id
}
resource "google_compute_url_map" "web" {
  default_service = google_compute_backend_service.web.id
  path_matcher {
    name            = "api"
    default_service = google_compute_backend_service.web.id
    path_rule {
      paths   = ["/api/*"]
      service = google_compute_backend_service.api.id
    }
  }
}
resource "google_compute_backend_service" "web" {
}
resource "google_compute_backend_service" "api" {
  timeout_sec = 120
}
resource "google_compute_backend_service" "lonely" {
  timeout_sec = 10
}
resource "google_compute_region_target_https_proxy" "eu" {
  http_keep_alive_timeout_sec = 900
}
resource "google_compute_region_target_http_proxy" "us" {
}
resource "google_compute_region_backend_service" "ilb" {
  load_balancing_scheme = "INTERNAL"
}
`})
	h := hopByID(t, frs, "lb.tf#google_compute_target_http_proxy.web")
	l := h.Listeners[0]
	if h.Kind != graph.Proxy || h.Software != "gcp-lb" || describe(l.Idle) != "610s default lb.tf:6:1" || addrs(l.Addrs) != "34.1.2.3:80@lb.tf:3:16" {
		t.Errorf("hop %s %s, idle %s, addrs %s", h.Kind, h.Software, describe(l.Idle), addrs(l.Addrs))
	}
	web, api := parsertest.Pool(t, h, "google_compute_backend_service.web"), parsertest.Pool(t, h, "google_compute_backend_service.api")
	if describe(web.Request) != "30s default lb.tf:20:1" || describe(api.Request) != "120s explicit lb.tf:23:17" || api.RequestKind != graph.WholeResponse ||
		describe(web.Idle) != "600s default lb.tf:20:1" || !strings.Contains(web.Idle.Note, "600s (fixed)") {
		t.Errorf("web request %s idle %s, api request %s", describe(web.Request), web.Idle.Note, describe(api.Request))
	}
	want := "google_compute_target_http_proxy.web->google_compute_backend_service.web@lb.tf:10:21," +
		"google_compute_target_http_proxy.web->google_compute_backend_service.web@lb.tf:13:23," +
		"google_compute_target_http_proxy.web->google_compute_backend_service.api@lb.tf:16:17"
	if got := routes(h); got != want {
		t.Errorf("routes %s", got)
	}
	lonely := hopByID(t, frs, "lb.tf#google_compute_backend_service.lonely")
	if len(lonely.Listeners) != 0 || describe(lonely.Pools[0].Request) != "10s explicit lb.tf:26:17" {
		t.Errorf("standalone backend service %d listeners, request %s", len(lonely.Listeners), describe(lonely.Pools[0].Request))
	}
	if got := describe(hopByID(t, frs, "lb.tf#google_compute_region_target_https_proxy.eu").Listeners[0].Idle); got != "900s explicit lb.tf:29:33" {
		t.Errorf("regional explicit %s", got)
	}
	us := hopByID(t, frs, "lb.tf#google_compute_region_target_http_proxy.us").Listeners[0].Idle
	if describe(us) != "600s default lb.tf:31:1" || !strings.Contains(us.Note, "regional") {
		t.Errorf("regional default %s %s", describe(us), us.Note)
	}
	for _, fr := range frs {
		for _, h := range fr.Hops {
			if strings.Contains(h.ID, "ilb") {
				t.Errorf("pass-through backend service became hop %s", h.ID)
			}
		}
	}
}

func TestAzure(t *testing.T) {
	frs := parseTree(t, map[string]string{"az.tf": `resource "azurerm_public_ip" "lb" {
  idle_timeout_in_minutes = 30
}
resource "azurerm_public_ip" "vm" {
  idle_timeout_in_minutes = 20
}
resource "azurerm_public_ip" "plain" {
}
resource "azurerm_lb" "lb" {
  frontend_ip_configuration {
    public_ip_address_id = azurerm_public_ip.lb.id
  }
}
resource "azurerm_lb_rule" "https" {
  loadbalancer_id         = azurerm_lb.lb.id
  frontend_port           = 443
  idle_timeout_in_minutes = 15
  enable_tcp_reset        = true
}
resource "azurerm_lb_rule" "ssh" {
  loadbalancer_id = azurerm_lb.lb.id
  frontend_port   = 22
}
resource "azurerm_application_gateway" "gw" {
  frontend_port {
    name = "https"
    port = 443
  }
  http_listener {
    name               = "web"
    frontend_port_name = "https"
  }
  backend_http_settings {
    name            = "slow"
    request_timeout = 300
  }
  backend_http_settings {
    name = "plain"
  }
  request_routing_rule {
    name                       = "r"
    http_listener_name         = "web"
    backend_http_settings_name = "slow"
  }
}
`})
	h := hopByID(t, frs, "az.tf#azurerm_lb.lb")
	https := parsertest.Listener(t, h, "azurerm_lb_rule.https")
	if h.Kind != graph.L4 || h.Software != "azure-lb" || describe(https.Idle) != "900s explicit az.tf:17:29 enable_tcp_reset: idle flows are closed with a RST" ||
		https.Idle.BareUnit != time.Minute || addrs(https.Addrs) != "*:443@az.tf:16:29" {
		t.Errorf("hop %s %s, https idle %s unit %s, addrs %s", h.Kind, h.Software, describe(https.Idle), https.Idle.BareUnit, addrs(https.Addrs))
	}
	ssh := parsertest.Listener(t, h, "azurerm_lb_rule.ssh").Idle
	if describe(ssh) != "240s default az.tf:20:1" || !strings.Contains(ssh.Note, "dropped silently") {
		t.Errorf("ssh idle %s %s", describe(ssh), ssh.Note)
	}
	if got := describe(hopByID(t, frs, "az.tf#azurerm_public_ip.vm").Listeners[0].Idle); got != "1200s explicit az.tf:5:29" {
		t.Errorf("public ip idle %s", got)
	}
	gw := hopByID(t, frs, "az.tf#azurerm_application_gateway.gw")
	if describe(parsertest.Pool(t, gw, "slow").Request) != "300s explicit az.tf:35:23" || describe(parsertest.Pool(t, gw, "plain").Request) != "30s default az.tf:37:3" ||
		routes(gw) != "web->slow@az.tf:40:3" || addrs(gw.Listeners[0].Addrs) != "*:443@az.tf:27:12" {
		t.Errorf("gateway: slow %s, plain %s, routes %s, addrs %s", describe(parsertest.Pool(t, gw, "slow").Request),
			describe(parsertest.Pool(t, gw, "plain").Request), routes(gw), addrs(gw.Listeners[0].Addrs))
	}
	var ids []string
	for _, h := range frs[0].Hops {
		ids = append(ids, h.ID)
	}
	if want := []string{"az.tf#azurerm_lb.lb", "az.tf#azurerm_public_ip.vm", "az.tf#azurerm_application_gateway.gw"}; !slices.Equal(ids, want) {
		t.Errorf("hops %q, want %q", ids, want)
	}
}

func TestModules(t *testing.T) {
	frs := parseTree(t, map[string]string{
		"live/main.tf": `module "lb" {
  source = "../modules/alb"
  idle   = var.idle
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "gone" {
  source = "./missing"
}
module "out" {
  source = "../../elsewhere"
}
variable "idle" {}
`,
		"live/terraform.tfvars": "idle = 30\n",
		"modules/alb/main.tf": `variable "idle" {
  default = 60
}
module "inner" {
  source = "./inner"
  port   = 8443
}
resource "aws_lb" "this" {
  idle_timeout = var.idle
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
}
`,
		"modules/alb/inner/main.tf": `variable "port" {}
resource "aws_elb" "x" {
  listener {
    lb_port = var.port
  }
}
`,
	})
	var live *graph.Fragment
	for _, fr := range frs {
		if fr.Files[0] == "live/main.tf" {
			live = fr
		}
	}
	if live == nil {
		t.Fatalf("no fragment for live/main.tf")
	}
	if want := []string{"live/main.tf", "live/terraform.tfvars", "modules/alb/main.tf", "modules/alb/inner/main.tf"}; !slices.Equal(live.Files, want) {
		t.Errorf("files %q, want %q", live.Files, want)
	}
	h := hopByID(t, []*graph.Fragment{live}, "live/main.tf#module.lb.aws_lb.this")
	idle := h.Listeners[0].Idle
	if got := describe(idle); got != "30s explicit live/terraform.tfvars:1:8 from var.idle = module.lb input, from var.idle (terraform.tfvars)" {
		t.Errorf("idle %s", got)
	}
	inner := hopByID(t, []*graph.Fragment{live}, "live/main.tf#module.lb.module.inner.aws_elb.x")
	if got := addrs(inner.Listeners[0].Addrs); got != "*:8443@live/main.tf:0" && got != "*:8443@modules/alb/inner/main.tf:4:15" {
		t.Errorf("inner listener %s", got)
	}
	want := []string{
		`live/main.tf:6:13: not-inspected: module.vpc: remote module terraform-aws-modules/vpc/aws is not inspected (only local ./ and ../ sources are read)`,
		`live/main.tf:10:12: not-inspected: module.gone: no .tf files in ./missing`,
		`live/main.tf:13:12: not-inspected: module.out: source ../../elsewhere is outside the scanned root`,
	}
	if got := diags([]*graph.Fragment{live}); !slices.Equal(got, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The module directories are root modules of their own too (the loader drops them
	// because the caller lists their first file); there the variable default applies.
	own := hopByID(t, frs, "modules/alb/main.tf#aws_lb.this")
	if got := describe(own.Listeners[0].Idle); got != "60s explicit modules/alb/main.tf:2:13 from var.idle (default)" {
		t.Errorf("module on its own: %s", got)
	}
}

func TestSyntaxErrors(t *testing.T) {
	frs := parseTree(t, map[string]string{
		"a.tf":      "# é\nresource \"aws_lb\" \"x\" {\n  name = \"é\" }\n  idle_timeout = 5\n}\n",
		"b.tf":      "resource \"aws_lb\" \"y\" {\n  idle_timeout = 7\n}\n",
		"c.tf.json": `{"resource": {"aws_lb": {"z": {"idle_timeout": 9,}}}}`,
	})
	got := diags(frs)
	want := []string{
		`a.tf:3:15: parse: Missing newline after argument: An argument definition must end with a newline.`,
		`c.tf.json:1:49: parse: Trailing comma in object: JSON does not permit a trailing comma after the final property in an object.`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The rest of the module is still read.
	hopByID(t, frs, "b.tf#aws_lb.y")
}

// TestWrongLabels: blocks with too few or too many labels are skipped, not a crash.
func TestWrongLabels(t *testing.T) {
	frs := parseTree(t, map[string]string{"x.tf": "module {}\nresource \"aws_lb\" {}\nvariable {}\nvariable \"a\" \"b\" {}\nresource \"aws_lb\" \"a\" \"b\" {}\nlocals \"x\" {}\n"})
	if len(frs) != 1 || len(frs[0].Hops) != 0 {
		t.Errorf("fragments %d", len(frs))
	}
}

func TestJSON(t *testing.T) {
	frs := parseTree(t, map[string]string{
		"main.tf.json": `{
  "variable": {"idle": {"default": 120}},
  "resource": {
    "aws_lb": {"api": {"idle_timeout": "${var.idle}"}},
    "aws_lb_listener": {"l": {"load_balancer_arn": "${aws_lb.api.arn}", "port": 443}}
  }
}`,
	})
	h := hopByID(t, frs, "main.tf.json#aws_lb.api")
	if got := describe(h.Listeners[0].Idle); got != "120s explicit main.tf.json:2:36 from var.idle (default)" {
		t.Errorf("idle %s", got)
	}
	if got := addrs(h.Listeners[0].Addrs); got != "*:443@main.tf.json:5:81" {
		t.Errorf("addrs %s", got)
	}
}

func TestSniff(t *testing.T) {
	for name, want := range map[string]bool{
		"main.tf": true, "infra/x.tf.json": true, "terraform.tfvars": true, "prod.auto.tfvars.json": true,
		"main.tf.bak": false, "tf": false, "nginx.conf": false, "x.json": false,
	} {
		if got := Sniff(name, nil); got != want {
			t.Errorf("Sniff(%q) = %v", name, got)
		}
	}
}

// TestModulesAcrossBatches: roots in different parse batches (more than batchFiles files)
// that call one local module each get the module, read again in each batch.
func TestModulesAcrossBatches(t *testing.T) {
	files := map[string]string{"modules/alb/main.tf": "variable \"idle\" {\n  default = 60\n}\nresource \"aws_lb\" \"this\" {\n  idle_timeout = var.idle\n}\n" +
		"resource \"aws_lb_listener\" \"l\" {\n  load_balancer_arn = aws_lb.this.arn\n  port              = 443\n}\n"}
	roots := batchFiles + 44
	for i := range roots {
		files[fmt.Sprintf("live/%03d/main.tf", i)] = fmt.Sprintf("module \"lb\" {\n  source = \"../../modules/alb\"\n  idle   = %d\n}\n", i+1)
	}
	frs := parseTree(t, files)
	if len(frs) != roots+1 {
		t.Fatalf("%d fragments, want %d", len(frs), roots+1)
	}
	for i := range roots {
		id := fmt.Sprintf("live/%03d/main.tf", i)
		idle := hopByID(t, frs, id+"#module.lb.aws_lb.this").Listeners[0].Idle
		if want := fmt.Sprintf("%ds explicit %s:3:12", i+1, id); !strings.HasPrefix(describe(idle), want) {
			t.Fatalf("idle %s, want %s...", describe(idle), want)
		}
	}
}
