package envoy

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"
	"gopkg.in/yaml.v3"

	bootstrapv3 "github.com/envoyproxy/go-control-plane/envoy/config/bootstrap/v3"

	// Extensions the fixtures' typed_config fields name, so that protojson resolves them.
	_ "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/file/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/access_loggers/stream/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/http/router/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/http_connection_manager/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/filters/network/tcp_proxy/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/load_balancing_policies/least_request/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	_ "github.com/envoyproxy/go-control-plane/envoy/extensions/upstreams/http/v3"
)

// toJSON converts a YAML (or JSON) document to JSON, as Envoy itself does before it
// hands the text to protobuf's JSON parser.
func toJSON(t *testing.T, doc *yaml.Node) []byte {
	t.Helper()
	var v any
	if err := doc.Decode(&v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkEnvoy unmarshals data into Envoy's own protos: a bootstrap, a resource file (each
// resource into its @type), or a list of resources of the type its name says.
func checkEnvoy(t *testing.T, name string, data []byte) error {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	root := doc.Content[0]
	opts := protojson.UnmarshalOptions{}
	var resources []*yaml.Node
	switch {
	case root.Kind == yaml.SequenceNode:
		resources = root.Content
	case hasKey(root, "resources"):
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == "resources" {
				resources = root.Content[i+1].Content
			}
		}
	case !hasKey(root, "static_resources") && !hasKey(root, "staticResources") && !hasKey(root, "admin") && !hasKey(root, "node"):
		resources = []*yaml.Node{root}
	default:
		b := &bootstrapv3.Bootstrap{}
		if err := opts.Unmarshal(toJSON(t, root), b); err != nil {
			return err
		}
		return b.ValidateAll()
	}
	for _, r := range resources {
		// A resource with @type is an Any; a bare one is of the kind its file name says.
		if hasKey(r, "@type") {
			a := &anypb.Any{}
			if err := opts.Unmarshal(toJSON(t, r), a); err != nil {
				return err
			}
			msg, err := a.UnmarshalNew()
			if err != nil {
				return err
			}
			if err := validate(msg); err != nil {
				return err
			}
			continue
		}
		msg, err := bareType(name)
		if err != nil {
			return err
		}
		if err := opts.Unmarshal(toJSON(t, r), msg); err != nil {
			return err
		}
		if err := validate(msg); err != nil {
			return err
		}
	}
	return nil
}

// validate runs Envoy's field constraints (protoc-gen-validate) on a message.
func validate(msg proto.Message) error {
	if v, ok := msg.(interface{ ValidateAll() error }); ok {
		return v.ValidateAll()
	}
	return nil
}

func bareType(name string) (proto.Message, error) {
	full := map[string]protoreflect.FullName{
		"listeners": "envoy.config.listener.v3.Listener", "listener": "envoy.config.listener.v3.Listener",
		"clusters": "envoy.config.cluster.v3.Cluster", "cluster": "envoy.config.cluster.v3.Cluster",
		"routes": "envoy.config.route.v3.RouteConfiguration",
	}
	for word, fn := range full {
		if strings.Contains(name, word+".") {
			mt, err := protoregistry.GlobalTypes.FindMessageByName(fn)
			if err != nil {
				return nil, err
			}
			return mt.New().Interface(), nil
		}
	}
	return nil, fmt.Errorf("%s: no @type and no resource kind in the name", name)
}

func hasKey(n *yaml.Node, key string) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// TestFixturesAreEnvoyConfigs proves every fixture is a configuration Envoy accepts, by
// unmarshalling it into go-control-plane's generated protos (strict: unknown fields and
// unknown typed_config types fail). Envoy's own validation rules (PGV) run too.
func TestFixturesAreEnvoyConfigs(t *testing.T) {
	var files []string
	for _, dir := range []string{"testdata/valid", "testdata/valid/xds", "testdata/corpus", "../../testdata/stories"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != dir && dir != "../../testdata/stories" {
				return filepath.SkipDir
			}
			if !d.IsDir() && Sniff(filepath.ToSlash(p), readHead(t, p)) {
				files = append(files, p)
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if len(files) < 5 {
		t.Fatalf("only %d fixtures found: %v", len(files), files)
	}
	// Copied real files that protojson refuses, with the reason.
	refused := map[string]string{
		"istio__istio__tests__testdata__envoy_local.json": "durations written as {seconds, nanos} objects, which protobuf's JSON mapping of google.protobuf.Duration does not accept",
	}
	for _, p := range files {
		if _, ok := refused[filepath.Base(p)]; ok {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkEnvoy(t, filepath.Base(p), data); err != nil {
			t.Errorf("%s is not a valid Envoy configuration: %v", p, err)
		}
	}
}

func readHead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data[:min(len(data), 4096)]
}
