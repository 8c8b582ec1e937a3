"""Receipt check codes, reversal categories and own-flat lookup locks (issue 11).

Payments recorded before this migration get no check code: a code is random and is only useful printed on
the paper the owner holds, which for those receipts was printed without one. Their owners check them with
the receipt number and amount (the second form on /verify/receipt/), as for imported payments. Reversals
posted before it have no category; the check page says "not recorded".
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0004_inspection'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LookupLock',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('flat', models.CharField(max_length=24, unique=True, verbose_name='flat')),
                ('locked_at', models.DateTimeField(verbose_name='locked at')),
                ('locked_until', models.DateTimeField(verbose_name='locked until')),
                ('lifted_at', models.DateTimeField(blank=True, null=True, verbose_name='lifted at')),
                ('lifted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'own-flat lookup lock',
                'verbose_name_plural': 'own-flat lookup locks',
                'ordering': ['-locked_at'],
                'permissions': [('lift_lookuplock', 'Can lift a lock on the own-flat lookup')],
            },
        ),
        migrations.CreateModel(
            name='ReceiptCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=16, unique=True)),
                ('payment', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='check_code', to='ledger.payment')),
            ],
            options={
                'verbose_name': 'receipt check code',
                'verbose_name_plural': 'receipt check codes',
            },
        ),
        migrations.CreateModel(
            name='ReversalCategory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('wrong_amount', 'Wrong amount'), ('wrong_flat', 'Wrong flat'), ('wrong_year', 'Wrong fee year'), ('duplicate', 'Recorded twice'), ('refund', 'Money returned to the payer'), ('other', 'Other')], max_length=16, verbose_name='reason category')),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='reversal_category', to='ledger.entry')),
            ],
            options={
                'verbose_name': 'reversal category',
                'verbose_name_plural': 'reversal categories',
                'constraints': [models.CheckConstraint(condition=models.Q(('category__in', ['wrong_amount', 'wrong_flat', 'wrong_year', 'duplicate', 'refund', 'other'])), name='reversalcategory_valid')],
            },
        ),
    ]
