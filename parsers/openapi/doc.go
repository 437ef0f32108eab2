// Package openapi reads OpenAPI 3 and Swagger 2.0 specifications that configure an API
// gateway: Amazon API Gateway (x-amazon-apigateway-integration, REST and HTTP APIs) and
// Google API Gateway or Cloud Endpoints (x-google-backend). Such a spec is one proxy hop:
// its listener answers on the spec's servers (3.x) or host and schemes (2.0), and each
// distinct backend its operations call is a pool whose request timeout is the
// integration's timeoutInMillis or the backend's deadline. An integration through a VPC
// link has no target address: the user links the hop to the network load balancer behind
// the link in tolint.yaml. A spec with neither extension describes an application, not a
// gateway, and gives no hop.
//
// The file is read with yaml.v3 (JSON is YAML), walking nodes, so that every value read
// has its own line and column: gateway extensions are free-form objects that OpenAPI
// libraries such as kin-openapi keep as plain maps without positions. The spec is not
// validated: real specs are often sloppy, and only what tolint reads and cannot understand
// is reported.
package openapi
