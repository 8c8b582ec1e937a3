"""Pages that get hostile input wrong in each way the hostile-input walk looks for, so its tests can show the walk
notices each (tests/trust/test_hostile_input.py uses these as its URL configuration there)."""

from django.contrib.auth.models import Group
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def writes_then_refuses(request):
    Group.objects.create(name=f"careless {Group.objects.count()}")
    return HttpResponse("Please correct the errors below.", status=200)


def writes_on_get(request):
    Group.objects.create(name=f"careless {Group.objects.count()}")
    return HttpResponseRedirect("/careless/done/")


def fails(request):
    raise ValueError("a hostile value the page did not expect")


def echoes(request):
    return HttpResponse(mark_safe(f"<p>You typed {request.GET.get('q', '')}</p>"))  # noqa: S308 (the mistake shown)


def sends_away(request):
    return HttpResponseRedirect(request.GET.get("next", "/"))


def done(request):
    return HttpResponse("Done")


urlpatterns = [
    path("careless/writes-then-refuses/", writes_then_refuses),
    path("careless/writes-on-get/", writes_on_get),
    path("careless/fails/", fails),
    path("careless/echoes/", echoes),
    path("careless/sends-away/", sends_away),
    path("careless/done/", done),
    path("", done, name="home"),
]
