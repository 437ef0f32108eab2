// Package envoy reads Envoy configuration into the hop graph: bootstrap files
// (static_resources) and xDS resource files (Listener, Cluster, RouteConfiguration
// resources), in YAML or JSON, with proto field names in snake_case or lowerCamelCase.
// Each file becomes one proxy hop; rds route configurations and clusters named in one
// file and defined in another file of the scan join those files into one hop, as Envoy
// would receive them from one management server.
package envoy
