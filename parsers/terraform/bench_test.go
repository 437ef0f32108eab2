package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/tolint/tolint/parsers/input"
)

// generatedModule writes a module shaped like a large real one: variables, locals and
// per service an ALB with listener, rule, target groups and attachments.
func generatedModule(services int) string {
	var b strings.Builder
	b.WriteString("variable \"idle\" {\n  default = 120\n}\nlocals {\n  idle = max(var.idle, 60)\n  tags = { team = \"edge\" }\n}\n")
	for i := 0; i < services; i++ {
		fmt.Fprintf(&b, `
# Service %[1]d.
resource "aws_lb" "svc%[1]d" {
  name         = format("svc-%%d", %[1]d)
  idle_timeout = local.idle
  tags         = merge(local.tags, { service = "svc%[1]d" })
}
resource "aws_lb_listener" "svc%[1]d" {
  load_balancer_arn = aws_lb.svc%[1]d.arn
  port              = 443
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.svc%[1]d.arn
  }
}
resource "aws_lb_listener_rule" "svc%[1]d" {
  listener_arn = aws_lb_listener.svc%[1]d.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.svc%[1]d_api.arn
  }
}
resource "aws_lb_target_group" "svc%[1]d" {
  port = 8080
}
resource "aws_lb_target_group" "svc%[1]d_api" {
  port = 9090
}
resource "aws_lb_target_group_attachment" "svc%[1]d" {
  target_group_arn = aws_lb_target_group.svc%[1]d.arn
  target_id        = "10.0.%[2]d.%[3]d"
}
`, i, i/250, i%250+1)
	}
	return b.String()
}

func BenchmarkParseFiles(b *testing.B) {
	data := []byte(generatedModule(200))
	root := b.TempDir()
	if err := os.WriteFile(filepath.Join(root, "main.tf"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	tree, err := input.NewTree(root, root)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		tree.Hand("main.tf", data)
		frs := ParseFiles(tree, []string{"main.tf"}, input.Options{})
		if len(frs[0].Hops) != 200 {
			b.Fatalf("%d hops", len(frs[0].Hops))
		}
	}
}

// BenchmarkHCLParse is hclsyntax alone on the same input: the ceiling for ParseFiles.
func BenchmarkHCLParse(b *testing.B) {
	data := []byte(generatedModule(200))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, diags := hclsyntax.ParseConfig(data, "main.tf", hcl.InitialPos); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}
