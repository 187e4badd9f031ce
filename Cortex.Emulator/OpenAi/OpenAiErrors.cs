namespace Cortex.Emulator.OpenAi;

public static class OpenAiErrors
{
    public static IResult Result(int status, string message, string type, string? code, string? param = null) =>
        TypedResults.Json(new OpenAiErrorResponse(new OpenAiError(message, type, param, code)),
            OpenAiJsonContext.Default.OpenAiErrorResponse, statusCode: status);

    public static IResult BadRequest(string message, string? param = null) =>
        Result(StatusCodes.Status400BadRequest, message, "invalid_request_error", null, param);
}
