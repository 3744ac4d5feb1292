using System.Diagnostics;
using Asphalt.Grains.Interfaces.Votes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Asphalt.Gateway.Votes;

/// <summary>
/// <c>POST /webhooks/votes/{source}</c>: body limit → verification → canonical event → VotesGrain.
/// 404 unknown source, 413 too large, 401 no credentials, 403 wrong ones, 400 unreadable; a 2xx only
/// once the vote and its credit are durable, and 503 when they may not be, so that the site retries.
/// </summary>
public static class VoteWebhookEndpoint
{
    public static async Task HandleAsync(HttpContext http, string source, IOptions<VoteWebhookOptions> options, IGrainFactory grains,
        VoteMetrics metrics, VoteThanks thanks, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(VoteWebhookEndpoint));
        var o = options.Value;
        var config = o.FindActive(source);
        if (config is null)
        {
            metrics.Delivery(VoteMetrics.UnknownSource, "unknown_source");
            await AnswerAsync(http, StatusCodes.Status404NotFound, "unknown_source");
            return;
        }
        source = o.Sources.Keys.First(k => string.Equals(k, source, StringComparison.OrdinalIgnoreCase));

        var body = await ReadBodyAsync(http, o.MaxBodyBytes);
        if (body is null)
        {
            metrics.Delivery(source, "too_large");
            await AnswerAsync(http, StatusCodes.Status413PayloadTooLarge, "too_large");
            return;
        }

        var receivedAt = time.GetUtcNow();
        switch (VoteVerifier.Verify(config, http.Request.Headers, body, receivedAt))
        {
            case Verification.Missing:
                metrics.Delivery(source, "unauthorized");
                await AnswerAsync(http, StatusCodes.Status401Unauthorized, "unauthorized");
                return;
            case Verification.Rejected:
                metrics.Delivery(source, "forbidden");
                logger.LogWarning("Vote webhook for {Source} failed verification (from {Remote})", source, http.Connection.RemoteIpAddress);
                await AnswerAsync(http, StatusCodes.Status403Forbidden, "forbidden");
                return;
        }

        switch (VoteEventMapper.Map(source, config, o.BotId, body, receivedAt))
        {
            case MappedDelivery.Invalid invalid:
                metrics.Delivery(source, "invalid");
                logger.LogWarning("Vote webhook for {Source} could not be read: {Reason}", source, invalid.Reason);
                await AnswerAsync(http, StatusCodes.Status400BadRequest, "invalid", detail: invalid.Reason);
                return;
            case MappedDelivery.NotAVote other:
                metrics.Delivery(source, "not_a_vote");
                await AnswerAsync(http, StatusCodes.Status200OK, "not_a_vote", detail: other.Type);
                return;
            case MappedDelivery.Vote { Event.IsTest: true } test:
                metrics.Delivery(source, "test");
                logger.LogInformation("Test vote from {Source} acknowledged (not rewarded): {Event}", source, VoteEventJson.Serialize(test.Event));
                await AnswerAsync(http, StatusCodes.Status200OK, "test", test.Event.Id);
                return;
            case MappedDelivery.Vote { Event: var vote }:
                await RecordAsync(http, vote, o, grains, metrics, thanks, logger);
                return;
        }
    }

    private static async Task RecordAsync(HttpContext http, VoteEvent vote, VoteWebhookOptions o, IGrainFactory grains,
        VoteMetrics metrics, VoteThanks thanks, ILogger logger)
    {
        VoteReceipt receipt;
        try
        {
            receipt = await grains.GetGrain<IVotesGrain>(vote.UserId).RecordAsync(vote);
        }
        catch (Exception e)
        {
            metrics.Delivery(vote.Source, "failed");
            logger.LogError(e, "Vote {VoteId} from {Source} could not be recorded; answering 503 so that the site retries", vote.Id, vote.Source);
            await AnswerAsync(http, StatusCodes.Status503ServiceUnavailable, "failed", vote.Id);
            return;
        }

        if (o.Testing.KillAfterRecorded)
        {
            logger.LogCritical("Votes:Testing:KillAfterRecorded is set: killing the gateway after recording {VoteId}, before answering", vote.Id);
            Process.GetCurrentProcess().Kill();
        }

        var outcome = receipt.Outcome switch
        {
            VoteOutcome.Credited => "credited",
            VoteOutcome.Duplicate => "duplicate",
            VoteOutcome.Refused => "refused",
            _ => "invalid",
        };
        metrics.Delivery(vote.Source, outcome);
        if (receipt.Outcome == VoteOutcome.Invalid)
        {
            await AnswerAsync(http, StatusCodes.Status400BadRequest, outcome, vote.Id, receipt.Refusal);
            return;
        }
        if (receipt.Outcome == VoteOutcome.Credited)
        {
            metrics.Credited(vote.Source, receipt.Reward);
            logger.LogInformation("Vote {VoteId} of user {UserId} from {Source} credited: {Reward} coins", vote.Id, vote.UserId, vote.Source, receipt.Reward);
            thanks.ThankInBackground(vote, receipt);
        }
        await AnswerAsync(http, StatusCodes.Status200OK, outcome, vote.Id, receipt.Refusal);
    }

    /// <summary>The raw body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, int limit)
    {
        if (http.Request.ContentLength > limit) return null;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max) max.MaxRequestBodySize = limit + 1L;
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private static Task AnswerAsync(HttpContext http, int status, string outcome, string? id = null, string? detail = null)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new VoteWebhookAnswer(outcome, id, detail), VoteWebhookJsonContext.Default.VoteWebhookAnswer);
    }
}

/// <summary>The body of every answer: what became of the delivery.</summary>
public sealed record VoteWebhookAnswer(string Outcome, string? Id, string? Detail);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(VoteWebhookAnswer))]
internal sealed partial class VoteWebhookJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
