using Asphalt.Hosting.Storage;
using Asphalt.Hosting.Web;
using Asphalt.Silo.Audio;
using Asphalt.Silo.Economy;
using Asphalt.Silo.Health;
using Asphalt.Silo.Storage;
using Asphalt.Silo.Telemetry;
using Asphalt.Silo.Votes;

// `Asphalt.Silo migrate` applies the schema of the configured profile and exits.
var migrateOnly = args.Length > 0 && args[0] == "migrate";
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);

builder.AddAsphaltHosting("asphalt-silo", defaultPort: 5080, defaultMetricsPort: 9464);
builder.Services.AddAsphaltRecords(builder.Configuration);
builder.Services.AddAsphaltEconomy(builder.Configuration);
builder.Services.AddAsphaltVotes(builder.Configuration);
builder.UseOrleans(silo => silo
    .UseAsphaltClustering(builder.Configuration)
    .UseAsphaltStorage(builder.Configuration)
    .AddAsphaltAudio(builder.Configuration)
    .AddActivityPropagation());
builder.Services.AddSingleton<SiloMetrics>();
builder.Services.AddHealthChecks()
    .AddCheck<SiloHealthCheck>("silo")
    .AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();
var storage = app.Services.GetRequiredService<StorageOptions>();
if (migrateOnly)
{
    app.Services.GetRequiredService<SchemaMigrator>().Migrate();
    return 0;
}

// The embedded profile needs no setup: its schema is brought up to date before the silo starts.
if (storage.Provider == StorageProvider.Sqlite)
    app.Services.GetRequiredService<SchemaMigrator>().Migrate();

// Instruments exist (and zero-valued series are exported) from the start, not from first use.
app.Services.GetRequiredService<SiloMetrics>();
app.Services.GetRequiredService<EconomyMetrics>();
app.MapAsphaltEndpoints();
await app.RunAsync();
return 0;
