using Asphalt.Hosting.Clustering;
using Asphalt.Hosting.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddAsphaltHosting("asphalt-gateway", defaultPort: 5090, defaultMetricsPort: 9465);
builder.UseOrleansClient(client => client
    .UseAsphaltClustering(builder.Configuration)
    .AddActivityPropagation());

var app = builder.Build();
app.MapAsphaltEndpoints();
await app.RunAsync();
