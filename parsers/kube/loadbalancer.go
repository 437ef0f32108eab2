package kube

import (
	"strconv"
	"strings"

	"github.com/tolint/tolint/graph"
)

// Service annotations of the cloud controllers that create load balancers.
const (
	awsPrefix       = "service.beta.kubernetes.io/aws-load-balancer-"
	awsType         = awsPrefix + "type"
	awsNLBTarget    = awsPrefix + "nlb-target-type"
	awsCLBIdle      = awsPrefix + "connection-idle-timeout"
	awsNLBListener  = awsPrefix + "listener-attributes.TCP-"
	awsNLBAttribute = "tcp.idle_timeout.seconds"
	azurePrefix     = "service.beta.kubernetes.io/azure-load-balancer-"
	azureIdle       = azurePrefix + "tcp-idle-timeout"
)

// cloud says which load balancer a LoadBalancer Service gets, from its annotations: an
// AWS NLB, an AWS Classic ELB (the in-tree controller's default), an Azure load balancer,
// or none that tolint knows (no annotation of a known cloud).
func cloud(o *object) string {
	var aws, azure bool
	for _, e := range o.f.entries(o.anns) {
		switch k := e.key.Value; {
		case k == awsType:
			if v := str(e.value); v == "nlb" || v == "external" || v == "nlb-ip" {
				return "aws-nlb"
			}
			aws = true
		case k == awsNLBTarget:
			return "aws-nlb"
		case strings.HasPrefix(k, awsPrefix):
			aws = true
		case strings.HasPrefix(k, azurePrefix):
			azure = true
		}
	}
	switch {
	case aws:
		return "aws-elb"
	case azure:
		return "azure-lb"
	}
	return ""
}

// loadBalancers puts the cloud load balancer of each LoadBalancer Service in front of it:
// an l4 hop for an NLB or Azure load balancer, a proxy hop for a Classic ELB. Each listens
// on the Service ports and forwards to the Service's names on the same port.
func (p *parser) loadBalancers(m *model) {
	for _, s := range m.services {
		o := s.o
		if str(o.f.path(o.node, "spec", "type")) != "LoadBalancer" || len(s.ports) == 0 {
			continue
		}
		software := cloud(o)
		if software == "" {
			continue
		}
		h := &graph.Hop{ID: o.id("LoadBalancer"), Software: software, Pos: o.pos, Kind: graph.L4}
		var idle graph.DurationSetting
		switch software {
		case "aws-elb":
			h.Kind = graph.Proxy
			idle, _ = o.f.nodeDuration(o.ann(awsCLBIdle), awsCLBIdle, secondsSyntax)
		case "azure-lb":
			idle, _ = o.f.nodeDuration(o.ann(azureIdle), azureIdle, minutesSyntax)
		}
		for _, sp := range s.ports {
			ps := strconv.Itoa(sp.port)
			l := &graph.Listener{Hop: h, Name: "port " + ps, Pos: sp.pos,
				Addrs: []graph.Address{{Port: sp.port, Pos: sp.pos, Raw: ps}}}
			l.Idle = idle
			if software == "aws-nlb" {
				key := awsNLBListener + ps
				if v, ok := o.f.attribute(o.ann(key), awsNLBAttribute); ok {
					l.Idle, _ = o.f.duration(v, key+": "+awsNLBAttribute, secondsSyntax)
				}
			}
			l.Idle = orDefault(l.Idle, software, graph.ListenerIdle, sp.pos)
			pool := &graph.Pool{Hop: h, Name: o.name + ":" + ps, Pos: sp.pos}
			for _, name := range s.names() {
				pool.Targets = append(pool.Targets, graph.Address{Host: name, Port: sp.port, Pos: sp.pos, Raw: name + ":" + ps})
			}
			if h.Kind == graph.Proxy {
				pool.Idle = orDefault(idle, software, graph.PoolIdle, sp.pos)
				pool.Request = pool.Idle
			}
			h.Listeners = append(h.Listeners, l)
			h.Pools = append(h.Pools, pool)
			h.Routes = append(h.Routes, &graph.Route{From: l, To: pool, Pos: sp.pos})
		}
		p.addHop(o.f, h)
	}
}
