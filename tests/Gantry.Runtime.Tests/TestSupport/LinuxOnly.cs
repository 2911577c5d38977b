using System.Runtime.Versioning;

// The process runtime is Linux's (process groups, /proc, signals); so are its tests.
[assembly: SupportedOSPlatform("linux")]
