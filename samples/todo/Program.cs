// A to-do API on PostgreSQL with a Redis cache, both provisioned by Gantry from score.yaml: the app knows them only
// through the variables their outputs give it (DB_*, REDIS_*).
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");

var database = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder
{
    Host = Env("DB_HOST"), Port = int.Parse(Env("DB_PORT")), Database = Env("DB_NAME"), Username = Env("DB_USER"), Password = Env("DB_PASSWORD"),
}.ConnectionString).Build();
var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
{
    EndPoints = { { Env("REDIS_HOST"), int.Parse(Env("REDIS_PORT")) } },
    User = Env("REDIS_USER"),
    Password = Env("REDIS_PASSWORD"),
    AbortOnConnectFail = false,
});
// The resource's user may only touch keys under its prefix.
var cacheKey = new RedisKey(Env("REDIS_PREFIX") + "todos");

await using (var create = database.CreateCommand("CREATE TABLE IF NOT EXISTS todos (id serial PRIMARY KEY, title text NOT NULL, done boolean NOT NULL DEFAULT false)"))
{
    await create.ExecuteNonQueryAsync();
}

var app = builder.Build();

app.MapGet("/todos", async (HttpResponse response) =>
{
    var cached = await redis.GetDatabase().StringGetAsync(cacheKey);
    response.Headers["X-Cache"] = cached.HasValue ? "hit" : "miss";
    if (cached.HasValue)
    {
        return Results.Text(cached.ToString(), "application/json");
    }

    var todos = new List<Todo>();
    await using (var select = database.CreateCommand("SELECT id, title, done FROM todos ORDER BY id"))
    await using (var reader = await select.ExecuteReaderAsync())
    {
        while (await reader.ReadAsync())
        {
            todos.Add(new Todo(reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2)));
        }
    }

    var json = JsonSerializer.Serialize(todos, JsonSerializerOptions.Web);
    await redis.GetDatabase().StringSetAsync(cacheKey, json, TimeSpan.FromSeconds(30));
    return Results.Text(json, "application/json");
});

app.MapPost("/todos", async (NewTodo todo) =>
{
    if (string.IsNullOrWhiteSpace(todo.Title))
    {
        return Results.Problem("title: required", statusCode: 400);
    }

    await using var insert = database.CreateCommand("INSERT INTO todos (title) VALUES ($1) RETURNING id");
    insert.Parameters.AddWithValue(todo.Title.Trim());
    var id = (int)(await insert.ExecuteScalarAsync())!;
    await redis.GetDatabase().KeyDeleteAsync(cacheKey);
    return Results.Created($"/todos/{id}", new Todo(id, todo.Title.Trim(), false));
});

app.MapPost("/todos/{id:int}/done", async (int id) =>
{
    await using var update = database.CreateCommand("UPDATE todos SET done = true WHERE id = $1");
    update.Parameters.AddWithValue(id);
    var changed = await update.ExecuteNonQueryAsync();
    await redis.GetDatabase().KeyDeleteAsync(cacheKey);
    return changed == 1 ? Results.NoContent() : Results.NotFound();
});

// Ready only when both backing services answer.
app.MapGet("/healthz", async () =>
{
    await using var ping = database.CreateCommand("SELECT 1");
    await ping.ExecuteScalarAsync();
    await redis.GetDatabase().PingAsync();
    return Results.Text("ok");
});

app.Run();

internal sealed record Todo(int Id, string Title, bool Done);

internal sealed record NewTodo(string? Title);
