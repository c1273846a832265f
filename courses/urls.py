from django.urls import path

from courses import views

urlpatterns = [
    path("vejledninger/", views.guide_list, name="guide_list"),
    path("vejledninger/<str:code>/", views.guide_detail, name="guide_detail"),
]
