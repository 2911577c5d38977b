using BenchmarkDotNet.Running;
using Gantry.Benchmarks.Policies;

BenchmarkRunner.Run<PolicyPipelineBenchmarks>(args: args);
