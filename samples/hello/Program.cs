// The sample app Gantry deploys on first start: it says which release and instance answered,
// so rollouts and load balancing can be seen from a browser or curl.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
var app = builder.Build();

var release = Environment.GetEnvironmentVariable("GANTRY_RELEASE") ?? "?";
var instance = Environment.GetEnvironmentVariable("GANTRY_INSTANCE") ?? Environment.MachineName;
var greeting = Environment.GetEnvironmentVariable("GREETING") ?? "Hello";

app.MapGet("/", () => Results.Text($"{greeting} from release {release}, instance {instance}\n"));
app.MapGet("/api/info", () => new { greeting, release, instance });
app.MapGet("/healthz", () => Results.Text("ok"));

app.Run();
