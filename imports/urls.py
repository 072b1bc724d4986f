from django.urls import path

from imports.views import jobs, sources, upload

urlpatterns = [
    path("", upload.upload, name="imports-upload"),
    path("mapping/<str:token>/", upload.mapping, name="imports-mapping"),
    path("mapping/<str:token>/cancel/", upload.mapping_cancel, name="imports-mapping-cancel"),
    path("jobs/", jobs.job_list, name="imports-jobs"),
    path("jobs/<int:pk>/", jobs.job_detail, name="imports-job-detail"),
    path("jobs/<int:pk>/progress/", jobs.job_progress, name="imports-job-progress"),
    path("jobs/<int:pk>/errors.csv", jobs.job_errors_csv, name="imports-job-errors"),
    path("jobs/<int:pk>/reconnect/", jobs.job_reconnect, name="imports-job-reconnect"),
    path("sources/", sources.source_list, name="imports-sources"),
    path("sources/<int:pk>/toggle/", sources.source_toggle, name="imports-source-toggle"),
    path("sources/<int:pk>/run/", sources.source_run, name="imports-source-run"),
    path("sources/<int:pk>/delete/", sources.source_delete, name="imports-source-delete"),
]
