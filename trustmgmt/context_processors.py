from django.conf import settings


def site(request):
    return {"complex_name": settings.COMPLEX_NAME}
