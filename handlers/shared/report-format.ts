/**
 * Column names of the two Kiro reports as the Glue crawler exposes them (trimmed, lowercased).
 * The header strings are copied verbatim from the vendor's files so the lists cannot drift.
 */

/** Lowercases and splits a verbatim header line, as Glue names the columns. */
function glueNames(header: string): readonly string[] {
  return header.split(',').map((name) => name.trim().toLowerCase());
}

/**
 * The leading user_report columns of every header version (11 in Feb 2026, then +2, then
 * +Usage_Limit). The per-model columns that follow vary per file and are not listed.
 */
export const USER_REPORT_FIXED_COLUMNS = glueNames(
  'Date,UserId,Client_Type,Chat_Conversations,Credits_Used,Overage_Cap,Overage_Credits_Used,' +
    'Overage_Enabled,ProfileId,Subscription_Tier,Total_Messages,New_User,User_Email,Usage_Limit',
);

/** The 44 activity metrics of by_user_analytic, in the file's (ASCII) order. */
export const ACTIVITY_METRIC_COLUMNS = glueNames(
  'Chat_AICodeLines,Chat_MessagesInteracted,Chat_MessagesSent,CodeFix_AcceptanceEventCount,' +
    'CodeFix_AcceptedLines,CodeFix_GeneratedLines,CodeFix_GenerationEventCount,' +
    'CodeReview_FailedEventCount,CodeReview_FindingsCount,CodeReview_SucceededEventCount,' +
    'Dev_AcceptanceEventCount,Dev_AcceptedLines,Dev_GeneratedLines,Dev_GenerationEventCount,' +
    'DocGeneration_AcceptedFileUpdates,DocGeneration_AcceptedFilesCreations,' +
    'DocGeneration_AcceptedLineAdditions,DocGeneration_AcceptedLineUpdates,DocGeneration_EventCount,' +
    'DocGeneration_RejectedFileCreations,DocGeneration_RejectedFileUpdates,' +
    'DocGeneration_RejectedLineAdditions,DocGeneration_RejectedLineUpdates,' +
    'InlineChat_AcceptanceEventCount,InlineChat_AcceptedLineAdditions,InlineChat_AcceptedLineDeletions,' +
    'InlineChat_DismissalEventCount,InlineChat_DismissedLineAdditions,InlineChat_DismissedLineDeletions,' +
    'InlineChat_RejectedLineAdditions,InlineChat_RejectedLineDeletions,InlineChat_RejectionEventCount,' +
    'InlineChat_TotalEventCount,Inline_AICodeLines,Inline_AcceptanceCount,Inline_SuggestionsCount,' +
    'TestGeneration_AcceptedLines,TestGeneration_AcceptedTests,TestGeneration_EventCount,' +
    'TestGeneration_GeneratedLines,TestGeneration_GeneratedTests,Transformation_EventCount,' +
    'Transformation_LinesGenerated,Transformation_LinesIngested',
);

/** Every by_user_analytic column: `UserId,Date` then the metrics. */
export const BY_USER_ANALYTIC_COLUMNS: readonly string[] = ['userid', 'date', ...ACTIVITY_METRIC_COLUMNS];

/** Columns of the `user_mapping` table (JSON lines written by resolve-users). */
export const USER_MAPPING_COLUMNS = ['userid', 'user_name', 'display_name', 'status', 'resolved_at'] as const;

/** Partition columns a Glue crawler adds for `<region>/<yyyy>/<mm>/<dd>/00/`. */
export const PARTITION_COLUMNS = ['partition_0', 'partition_1', 'partition_2', 'partition_3', 'partition_4'] as const;

/** Athena's pseudo column holding the S3 object (here: the file) of each row. */
export const PATH_COLUMN = '$path';

/** The folders Kiro (or, for older accounts, Amazon Q Developer) writes under `AWSLogs/<account>/`. */
export const LOGS_FOLDERS = ['KiroLogs', 'QDeveloperLogs'] as const;
export type LogsFolder = (typeof LOGS_FOLDERS)[number];
