package terraform

import (
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions are the pure Terraform built-ins modules use to compute settings; any other
// function call (file, cidrsubnet, jsonencode of computed values …) leaves its value unknown.
var functions = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc,
	"min": stdlib.MinFunc, "max": stdlib.MaxFunc, "parseint": stdlib.ParseIntFunc,
	"tonumber": stdlib.MakeToFunc(cty.Number), "tostring": stdlib.MakeToFunc(cty.String),
	"tobool": stdlib.MakeToFunc(cty.Bool), "tolist": stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap": stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)), "toset": stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
	"lookup": stdlib.LookupFunc, "try": tryfunc.TryFunc, "can": tryfunc.CanFunc,
	"join": stdlib.JoinFunc, "split": stdlib.SplitFunc, "format": stdlib.FormatFunc,
	"concat": stdlib.ConcatFunc, "element": stdlib.ElementFunc, "length": stdlib.LengthFunc,
	"merge": stdlib.MergeFunc, "keys": stdlib.KeysFunc, "values": stdlib.ValuesFunc,
	"contains": stdlib.ContainsFunc, "flatten": stdlib.FlattenFunc, "distinct": stdlib.DistinctFunc,
	"upper": stdlib.UpperFunc, "lower": stdlib.LowerFunc, "replace": stdlib.ReplaceFunc,
	"trimspace": stdlib.TrimSpaceFunc, "substr": stdlib.SubstrFunc,
}
